/* carbon_defaults.c: the default carbon conversion table, literature
 * values with their sources.
 *
 * Only rows whose coefficients were checked against their publication are
 * here; a scenario adds the others (pm_carbon_table_add/_read).  Not here
 * because no value could be checked: the Lehette & Hernandez-Leon 2009
 * area-based relations (Limnol. Oceanogr. Methods 7:304) and the
 * conversion factors of Drago et al. 2022, other Rhizaria (Acantharia,
 * Collodaria, Foraminifera: Biard et al. 2016), gelatinous taxa,
 * Chaetognatha, and detritus (Alldredge 1998, Deep-Sea Res. I 45:529,
 * whose abstract gives no coefficients).  Keys are EcoTaxa taxonomic
 * paths, matched as prefixes on whole '>' components, or class names.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_error.h"
#include "pm_carbon.h"

#include <math.h>

#define ALVEOLATA "living>Eukaryota>Harosa>Alveolata"
#define CRUSTACEA \
  "living>Eukaryota>Opisthokonta>Holozoa>Metazoa>Arthropoda>Crustacea"

/* Menden-Deuer & Lessard 2000 (Limnol. Oceanogr. 45:569-579), protist
 * plankton other than diatoms: C = 0.216 V^0.939, C in pg C cell-1, V in um3.
 * With V_um3 = 1e9 V_mm3 and 1 pg = 1e-9 mg:
 *   C_mg = 1e-9 * 0.216 * (1e9 V_mm3)^0.939 = 0.216 * 1e9^(0.939 - 1) V_mm3^0.939
 *        = 0.216 * 10^-0.549 V_mm3^0.939 = 0.06102 V_mm3^0.939. */
#define MDL_B 0.939
#define MDL_A (0.216 * 1e-9 * pow(1e9, MDL_B))

/* Stukel, Biard, Krause & Ohman 2018 (Limnol. Oceanogr., "Large
 * Phaeodaria in the twilight zone: their role in the carbon cycle",
 * doi:10.1002/lno.10961), abstract: Aulosphaeridae (Phaeodaria) can meet
 * their carbon demand only with a carbon:volume ratio of about 1 ug C mm-3,
 * i.e. 0.001 mg C per mm3 (b = 1); the abstract notes this is far below the
 * ratios used in earlier global estimates of rhizarian biomass.  Keyed on the
 * class name (EcoTaxa "Aulosphaeridae"). */
#define STUKEL_AULOSPHAERIDAE_A 1e-3

/* Gallienne et al. 2001, mesozooplankton body volume to carbon: 0.0475 mg C
 * per mm3 (constant density, b = 1), as quoted and applied to optical
 * plankton counter biovolumes by Basedow et al. 2014 (their methods), and
 * quoted from there again in the OPC_Toolbox code (GitHub
 * jaseeverett/OPC_Toolbox, Common/OPC_Production.m); checked in those
 * quotations, not in the 2001 paper itself. */
#define GALLIENNE_A 0.0475

int pm_carbon_table_defaults(pm_carbon_table *t)
{
  int status;
  if ((status = pm_carbon_table_add(
           t, ALVEOLATA, PM_CARBON_POWER, MDL_A, MDL_B,
           "Menden-Deuer & Lessard 2000, Limnol. Oceanogr. 45:569, protist "
           "plankton excluding diatoms: 0.216 V^0.939 pg C, V in um3")) ||
      (status = pm_carbon_table_add(
           t, CRUSTACEA, PM_CARBON_POWER, GALLIENNE_A, 1.0,
           "Gallienne et al. 2001, as quoted by Basedow et al. 2014: "
           "0.0475 mg C per mm3 of body volume")) ||
      (status = pm_carbon_table_add(
           t, "Aulosphaeridae", PM_CARBON_POWER, STUKEL_AULOSPHAERIDAE_A, 1.0,
           "Stukel et al. 2018, Limnol. Oceanogr., doi:10.1002/lno.10961, "
           "abstract: about 1 ug C per mm3 of cell volume")))
    return status;
  return PM_SUCCESS;
}

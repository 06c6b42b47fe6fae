# data/: the embedded demo data (real UVP5 EcoPart exports), see PROVENANCE.md.
EXTRA_DIST += data/PROVENANCE.md data/ecopart_detailed data/ecopart_raw_bats361

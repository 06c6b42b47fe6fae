# data/: the embedded demo data (real UVP5 EcoPart exports) and the sites of
# the global UVP5 data set, see PROVENANCE.md.
EXTRA_DIST += data/PROVENANCE.md data/ecopart_detailed data/ecopart_raw_bats361 \
  data/uvp5_global_index/UVP5_samples_selected.tsv

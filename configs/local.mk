# configs/: scenario files; demo.cfg documents every setting.
EXTRA_DIST += configs/demo.cfg

# configs/

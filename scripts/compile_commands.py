#!/usr/bin/env python3
"""Write compile_commands.json (for clangd) for the kernel sources:
compile_commands.py "<compiler and flags>" file.c ..."""
import json
import os
import sys

flags, files = sys.argv[1], sys.argv[2:]
root = os.getcwd()
print(json.dumps([{"directory": root, "file": f,
                   "command": f"{flags} -c {f} -o build/{f[:-2]}.o"} for f in files], indent=1))

#!/usr/bin/env python3
"""Generates the benchmark tree, the same for every seed and size, so every tool watches the same files.

Layout (FOLDERS = folders under src/, 20 files each; node_modules/ twice as large; a small .git/):

    ROOT/src/dNNN/                 one of FOLDERS/50 top folders, each with 20 files
    ROOT/src/dNNN/sNN/             49 subfolders per top folder, each with 20 files
    ROOT/node_modules/pNNN/...     the same shape with 2 * FOLDERS folders (ignored by every tool)
    ROOT/.git/objects/xx/...       256 folders of loose objects (ignored by every tool)

With FOLDERS = 2,500: src holds 50,000 files in 2,500 folders, node_modules 100,000 files in 5,000 folders, and a
watcher that skips the ignored trees watches 2,502 folders (ROOT, src and the 2,500 below it).
File names and contents come from a seeded random generator, so two runs with the same seed give the same tree.
"""
import argparse
import os
import random
import shutil
import sys

FILES_PER_FOLDER = 20
SUBFOLDERS = 49  # per top folder: a top folder and its subfolders make 50 folders
EXTENSIONS = [".java", ".ts", ".js", ".json", ".md", ".css", ".html", ".go", ".py", ".yaml"]


class Tree:
    """The generated tree: where it is and which files it holds, for the driver to write to."""

    def __init__(self, root, folders, seed):
        self.root = root
        self.folders = folders
        self.seed = seed
        self.src_files = []  # relative paths of every file under src/, in a fixed order

    def src_dirs(self):
        return 2 + self.folders  # ROOT, src, and the folders below src


def _fill(rng, base, folders, files):
    tops = max(1, folders // (SUBFOLDERS + 1))
    made = 0
    for top in range(tops):
        top_dir = os.path.join(base, "d%03d" % top)
        subs = SUBFOLDERS if top < tops - 1 else folders - made - 1
        dirs = [top_dir] + [os.path.join(top_dir, "s%02d" % sub) for sub in range(max(0, subs))]
        for folder in dirs:
            os.makedirs(folder, exist_ok=True)
            for index in range(FILES_PER_FOLDER):
                name = "f%02d_%06x%s" % (index, rng.getrandbits(24), rng.choice(EXTENSIONS))
                path = os.path.join(folder, name)
                with open(path, "wb") as out:
                    out.write(rng.randbytes(rng.randint(16, 256)).hex().encode())
                if files is not None:
                    files.append(path)
        made += len(dirs)
        if made >= folders:
            break


def generate(root, folders, seed=1, module_folders=None):
    """Makes the tree under ROOT (removed first if present) and returns it; node_modules/ gets module_folders
    folders (default: twice as many as src/)."""
    if os.path.exists(root):
        shutil.rmtree(root)
    os.makedirs(root)
    rng = random.Random(seed)
    tree = Tree(root, folders, seed)
    absolute = []
    _fill(rng, os.path.join(root, "src"), folders, absolute)
    tree.src_files = [os.path.relpath(path, root) for path in absolute]
    tree.module_folders = 2 * folders if module_folders is None else module_folders
    _fill(rng, os.path.join(root, "node_modules"), tree.module_folders, None)
    git = os.path.join(root, ".git")
    for prefix in range(256):
        folder = os.path.join(git, "objects", "%02x" % prefix)
        os.makedirs(folder)
        for _ in range(max(1, folders // 300)):
            with open(os.path.join(folder, "%038x" % rng.getrandbits(152)), "wb") as out:
                out.write(rng.randbytes(64))
    with open(os.path.join(git, "HEAD"), "w") as out:
        out.write("ref: refs/heads/main\n")
    return tree


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("root", help="where to make the tree (removed first if it exists)")
    parser.add_argument("--folders", type=int, default=2500, help="folders under src/ (default 2500: 50,000 files)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    tree = generate(args.root, args.folders, args.seed)
    print("%s: %d files in %d folders under src/" % (tree.root, len(tree.src_files), tree.folders), file=sys.stderr)


if __name__ == "__main__":
    main()

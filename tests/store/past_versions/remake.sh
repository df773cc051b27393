#!/usr/bin/env bash
# Remake v1.sqlite3 to v10.sqlite3 here: make_store.py run with the code of the last
# commit at each past schema version, each checked out in a temporary git worktree.
# Usage: tests/store/past_versions/remake.sh   (PYTHON=... to choose the interpreter; it needs
# the packages of pyproject.toml, as any studyapp of those versions did)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(git -C "$here" rev-parse --show-toplevel)"
python="${PYTHON:-python}"

# The last commit of each version: the parent of the commit that bumped SCHEMA_VERSION
# (git log --oneline -- studyapp/store/version.py studyapp/store/database.py).
declare -A last_commit=(
    [1]=885cab7c331f366ba49e769aaeb1fe4e44b994ed  # c8db91b^ (c8db91b: schema 2)
    [2]=4f2fc1118b68abca8e1d2f0baefd549f9d11b0db  # d78a85c^ (d78a85c: schema 3)
    [3]=eb4a05eef11f62978f5e8137bf66f59b46a89043  # the parent of the commit of schema 4
    [4]=8d2caec42228319d1e06936ce1c709fc7e91f780  # the parent of the commit of schema 5
    [5]=3336f9f62ec28ec84f4acf69769c187c8252937c  # the parent of the commit of schema 6
    [6]=987c336655bd086665070f041d87ee4e3b03e488  # the parent of the commit of schema 7
    [7]=4fb31bfab9a4e07b180a1f86483075fe58468468  # the parent of the commit of schema 8
    [8]=36f3adfe9c1c3ad12c744f3c5735f0565b3150a1  # the parent of the commit of schema 9
    [9]=063f52ece4b16f052953502ed4ebae0791067e8e  # the parent of the commit of schema 10
    [10]=c43b932775c09d0103b329c95246df14b74efd39  # the parent of the commit of schema 11
)

for version in 1 2 3 4 5 6 7 8 9 10; do
    tree="$(mktemp -d)/v$version"
    git -C "$repo" worktree add --detach --quiet "$tree" "${last_commit[$version]}"
    rm -f "$here/v$version.sqlite3"
    (cd "$tree" && PYTHONPATH="$tree" "$python" "$here/make_store.py" "$here/v$version.sqlite3")
    git -C "$repo" worktree remove --force "$tree"
    echo "v$version.sqlite3: $(wc -c <"$here/v$version.sqlite3") bytes from ${last_commit[$version]}"
done

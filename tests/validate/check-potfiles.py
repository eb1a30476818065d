#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# check-potfiles.py SOURCE_ROOT
#
# Fails when a file with translatable strings is missing from po/POTFILES.in,
# or when po/POTFILES.in names a file that does not exist. Looked at:
#   src/   *.c *.h *.ui
#   data/  *.in *.xml (not *.gresource.xml) *.ui
# A file has translatable strings when it uses _(" N_(" C_( NC_( ngettext (
# or translatable="yes"; desktop and metainfo templates always do, and so does
# a GSettings schema that names a gettext-domain.
# Standard library only.

import os
import re
import sys

MARKERS = re.compile(
    r'(?<![A-Za-z0-9_])(?:'
    r'N?_\s*\(\s*"'                      # _("…")  N_("…")
    r'|N?C_\s*\('                        # C_("ctx", "…")  NC_(…)
    r'|(?:g_d)?ngettext\s*\('            # ngettext (…)  g_dngettext (…)
    r'|g_dpgettext2?\s*\('
    r')'
    r'|translatable\s*=\s*"(?:yes|true|1)"'
)
ALWAYS_TRANSLATABLE = re.compile(r'\.(?:desktop|metainfo\.xml|appdata\.xml)(?:\.in)+$')
GSCHEMA_DOMAIN = re.compile(r'<schemalist[^>]*\bgettext-domain\s*=')


def wanted(top, name):
    if top == 'src':
        return name.endswith(('.c', '.h', '.ui'))
    if name.endswith('.gresource.xml') or name.endswith('.gresource.xml.in'):
        return False
    return name.endswith(('.in', '.xml', '.ui'))


def translatable(path, name):
    if ALWAYS_TRANSLATABLE.search(name):
        return True
    try:
        with open(path, encoding='utf-8', errors='replace') as f:
            text = f.read()
    except OSError:
        return False
    if name.endswith(('.gschema.xml', '.gschema.xml.in')):
        return bool(GSCHEMA_DOMAIN.search(text))
    return bool(MARKERS.search(text))


def read_potfiles(path):
    entries = []
    with open(path, encoding='utf-8') as f:
        for number, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith('#'):
                continue
            line = re.sub(r'^\[[^\]]*\]\s*', '', line)  # [type: gettext/glade] prefix
            entries.append((number, line))
    return entries


def main(argv):
    if len(argv) != 2:
        print(f'usage: {argv[0]} SOURCE_ROOT', file=sys.stderr)
        return 2
    root = argv[1]
    potfiles_in = os.path.join(root, 'po', 'POTFILES.in')
    try:
        entries = read_potfiles(potfiles_in)
    except OSError as e:
        print(f'po/POTFILES.in: cannot read: {e}')
        return 1

    ok = True
    listed = set()
    for number, entry in entries:
        if entry in listed:
            print(f'po/POTFILES.in:{number}: {entry} is listed twice')
            ok = False
        listed.add(entry)
        if not os.path.isfile(os.path.join(root, entry)):
            print(f'po/POTFILES.in:{number}: {entry} does not exist')
            ok = False

    found = []
    for top in ('src', 'data'):
        base = os.path.join(root, top)
        for dirpath, dirnames, filenames in os.walk(base):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith('.'))
            for name in sorted(filenames):
                if name.startswith('.') or not wanted(top, name):
                    continue
                path = os.path.join(dirpath, name)
                rel = os.path.relpath(path, root).replace(os.sep, '/')
                if translatable(path, name):
                    found.append(rel)

    for rel in found:
        if rel not in listed:
            print(f'{rel}: has translatable strings but is missing from po/POTFILES.in')
            ok = False

    if ok:
        print(f'po/POTFILES.in: ok ({len(listed)} files listed, '
              f'{len(found)} files with translatable strings found)')
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main(sys.argv))

#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# check-shortcuts.py SOURCE_ROOT
#
# The keyboard shortcuts window (src/client/gtk/help-overlay.ui) lists every
# shortcut the client sets up in src/client/*.c:
#   gtk_widget_class_add_binding_action (klass, GDK_KEY_x, MODS, "action", …)
#   gtk_keyval_trigger_new (GDK_KEY_x, MODS)
#   gtk_application_set_accels_for_action (app, "app.x", accels) with
#     static const char *accels[] = { "<primary>q", NULL };
# A binding is listed when the window has its accelerator; an application
# accelerator also when the window names its action. Keypad twins
# (GDK_KEY_KP_Enter …) count as their main key. Fails with the missing ones.
# Standard library only.

import glob
import html
import os
import re
import sys

MODS = {
    'GDK_CONTROL_MASK': '<primary>',
    'GDK_SHIFT_MASK': '<shift>',
    'GDK_ALT_MASK': '<alt>',
    'GDK_SUPER_MASK': '<super>',
}
KEYPAD_TWINS = {'kp_enter': 'return', 'kp_up': 'up', 'kp_down': 'down',
                'kp_page_up': 'page_up', 'kp_page_down': 'page_down'}


def normalise(accel):
    """'<Control><Shift>M' → '<primary><shift>m' (modifiers sorted)."""
    accel = accel.strip().lower().replace('<control>', '<primary>').replace('<ctrl>', '<primary>')
    mods = sorted(re.findall(r'<[a-z]+>', accel))
    key = re.sub(r'<[a-z]+>', '', accel)
    key = KEYPAD_TWINS.get(key, key)
    return ''.join(mods) + key


def from_c(keyval, mods):
    key = keyval[len('GDK_KEY_'):]
    prefix = ''
    for mod in re.findall(r'GDK_\w+_MASK', mods or ''):
        if mod not in MODS:
            return None
        prefix += MODS[mod]
    return normalise(prefix + key)


def overlay_entries(path):
    with open(path, encoding='utf-8') as f:
        text = f.read()
    accels = set()
    actions = set()
    for value in re.findall(r'<property name="accelerator">([^<]*)</property>', text):
        for accel in html.unescape(value).split():
            accels.add(normalise(accel))
    for value in re.findall(r'<property name="action-name">([^<]*)</property>', text):
        actions.add(value.strip())
    return accels, actions


def main(argv):
    if len(argv) != 2:
        print(__doc__ or 'usage: check-shortcuts.py SOURCE_ROOT', file=sys.stderr)
        return 2
    root = argv[1]
    client = os.path.join(root, 'src', 'client')
    accels, actions = overlay_entries(os.path.join(client, 'gtk', 'help-overlay.ui'))
    missing = []
    found = 0

    for path in sorted(glob.glob(os.path.join(client, '*.c'))):
        with open(path, encoding='utf-8') as f:
            text = f.read()
        name = os.path.relpath(path, root)

        for m in re.finditer(r'gtk_widget_class_add_binding_action\s*\(\s*\w+\s*,\s*(GDK_KEY_\w+)\s*,\s*([^,]+),\s*"([^"]+)"', text):
            accel = from_c(m.group(1), m.group(2))
            found += 1
            if accel is not None and accel not in accels:
                missing.append(f'{name}: {accel} ({m.group(3)})')

        for m in re.finditer(r'gtk_keyval_trigger_new\s*\(\s*(GDK_KEY_\w+)\s*,\s*([^)]+)\)', text):
            accel = from_c(m.group(1), m.group(2))
            found += 1
            if accel is not None and accel not in accels:
                missing.append(f'{name}: {accel}')

        arrays = {m.group(1): re.findall(r'"([^"]+)"', m.group(2))
                  for m in re.finditer(r'\*\s*(\w+)\s*\[\s*\]\s*=\s*\{([^}]*)\}', text)}
        for m in re.finditer(r'gtk_application_set_accels_for_action\s*\([^,]+,\s*"([^"]+)"\s*,\s*(\w+)\s*\)', text):
            action, array = m.group(1), m.group(2)
            found += 1
            if action in actions:
                continue
            for accel in arrays.get(array, []):
                if normalise(accel) not in accels:
                    missing.append(f'{name}: {normalise(accel)} ({action})')

    if found == 0:
        print('no shortcuts found in src/client: is the pattern out of date?', file=sys.stderr)
        return 1
    if missing:
        print('src/client/gtk/help-overlay.ui does not list these shortcuts:')
        for line in missing:
            print(f'  {line}')
        return 1
    print(f'help-overlay.ui lists all {found} shortcuts of src/client')
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))

#!/usr/bin/python3
"""Every control of the running Lifeline has a name a screen reader can say.

Starts the real `lifeline` (inside the Xvfb and session bus that
tests/ui-wrapper.sh made), drives it through the agent's pages by keyboard
(xdotool) and through the actions GTK exposes on AT-SPI, and at each stop
walks the whole accessibility tree as a screen reader sees it. Fails listing
each interactive element (button, toggle, check box, radio, combo box, entry,
spin button, slider, switch, link, tab, menu item, focusable list item…)
whose accessible name is empty or is only GTK's fallback, the widget's type
name ("GtkButton", "GtkImage" for an icon-only button). A tooltip does not
count: GTK 4.8 gives it to AT-SPI as the description, not the name.

Needs /usr/bin/python3 with python3-pyatspi (Debian) and xdotool."""
import os
import re
import subprocess
import sys
import time
import unittest
import warnings

sys.path.insert(0, os.path.dirname(__file__))
from lifelineclient import Client, gdbus_call, wait_for  # noqa: E402

# GTK 4 does not read NO_AT_BRIDGE, but say it plainly: this test needs the bridge.
os.environ['NO_AT_BRIDGE'] = '0'
os.environ.pop('GTK_A11Y', None)

warnings.simplefilter('ignore', DeprecationWarning)

try:
    import pyatspi
except ImportError as e:  # pragma: no cover - the test cannot run at all
    print(f'pyatspi is not available ({e}): run with /usr/bin/python3 and python3-pyatspi',
          file=sys.stderr)
    sys.exit(1)

# Roles a person acts on: each needs a name whether or not it has focus now
# (an insensitive button is still read out).
ACTIONABLE_ROLES = {
    'push button', 'toggle button', 'check box', 'radio button', 'combo box',
    'text', 'entry', 'password text', 'spin button', 'slider', 'switch', 'link',
    'page tab', 'menu item', 'check menu item', 'radio menu item', 'calendar',
}
# Roles that are interactive when the keyboard can reach them (an activatable
# list row, a focusable flow-box child or tree row).
FOCUSABLE_ROLES = {'list item', 'table cell', 'tree item'}

# GTK 4.8 falls back to the widget's type name when nothing names it.
TYPE_NAME = re.compile(r'(Gtk|Adw|Lifeline)[A-Z][A-Za-z]*')

APP_NAME = 'lifeline'


def state(node, which):
    try:
        return node.getState().contains(which)
    except Exception:
        return False


def text_of(node):
    try:
        text = node.queryText()
        # GTK 4.8 answers getText(0, -1) with '': ask for the real length.
        return text.getText(0, text.characterCount)
    except Exception:
        return ''


def unnamed(name):
    return not name.strip() or TYPE_NAME.fullmatch(name.strip()) is not None


def interactive(role, node):
    if role in ACTIONABLE_ROLES:
        if role == 'text' and not (state(node, pyatspi.STATE_EDITABLE)
                                   or state(node, pyatspi.STATE_FOCUSABLE)):
            return False
        return True
    return role in FOCUSABLE_ROLES and state(node, pyatspi.STATE_FOCUSABLE)


def describe(trail):
    """The named ancestors of an element, so a reader can find it."""
    named = [f"{role} '{name}'" for role, name in trail
             if name and not unnamed(name) and role not in ('application', 'frame')]
    return ' > '.join(named[-3:]) or '(top level)'


class Walk:
    """One walk of an application's tree: the interactive elements, the
    unnamed ones among them, and every node's role, name and text."""

    def __init__(self, root):
        self.checked = []   # (role, name, where)
        self.unnamed = []   # (role, description, where, nearby text)
        self.nodes = []     # (role, name, text, node)
        self._visit(root, [], 0)

    def _visit(self, node, trail, depth, parent=None):
        if node is None or depth > 80:
            return
        if depth > 0 and not state(node, pyatspi.STATE_VISIBLE):
            return
        role = node.getRoleName()
        name = node.name or ''
        self.nodes.append((role, name, text_of(node) if role in ('label', 'heading') else '', node))
        if interactive(role, node):
            where = describe(trail)
            self.checked.append((role, name, where))
            if unnamed(name):
                near = nearby_text(node) or nearby_text(parent)
                self.unnamed.append((role, node.description or '', where, near))
        trail = trail + [(role, name)]
        for child in node:
            self._visit(child, trail, depth + 1, node)


def nearby_text(node, limit=2):
    """The first texts inside NODE, to say where an unnamed element is."""
    found = []

    def visit(n, depth):
        if n is None or depth > 8 or len(found) >= limit:
            return
        t = text_of(n) if n.getRoleName() in ('label', 'text', 'entry') else ''
        if t.strip():
            found.append(t.strip()[:40])
        for c in n:
            visit(c, depth + 1)

    try:
        visit(node, 0)
    except Exception:
        pass
    return ' / '.join(found)


def app_node():
    for app in pyatspi.Registry.getDesktop(0):
        try:
            if app is not None and app.name == APP_NAME:
                return app
        except Exception:
            pass
    return None


def walk():
    """Walks the application; a tree that changes under the walk (rows of a
    list that filters) is walked again."""
    last = None
    for _ in range(5):
        app = app_node()
        if app is None:
            raise AssertionError(f'no application "{APP_NAME}" on the accessibility bus')
        try:
            return Walk(app)
        except Exception as e:  # a node went away under us
            last = e
            time.sleep(0.2)
    raise AssertionError(f'the accessibility tree kept changing while walked: {last}')


def frames():
    app = app_node()
    return [(child.name or '', child) for child in app] if app is not None else []


def frame(title):
    for name, node in frames():
        if name == title:
            return node
    return None


def do_action(node, action):
    iface = node.queryAction()
    for i in range(iface.nActions):
        if iface.getName(i) == action:
            iface.doAction(i)
            return
    names = [iface.getName(i) for i in range(iface.nActions)]
    raise AssertionError(f'{node.getRoleName()} "{node.name}" has no action {action}: {names}')


def find(walk_, role, name=None, text=None):
    for r, n, t, node in walk_.nodes:
        if r == role and (name is None or n == name) and (text is None or t == text):
            return node
    return None


def xdotool(*args):
    subprocess.run(['xdotool'] + list(args), check=True, capture_output=True, timeout=30)


def main_window_id():
    out = subprocess.run(['xdotool', 'search', '--sync', '--onlyvisible', '--name', '^Lifeline$'],
                         check=True, capture_output=True, text=True, timeout=30).stdout
    return out.split()[0]


def type_keys(wid, text):
    xdotool('windowfocus', '--sync', wid, 'type', '--delay', '20', text)


def key(wid, *keys):
    xdotool('windowfocus', '--sync', wid, 'key', '--delay', '40', *keys)


class Accessibility(unittest.TestCase):
    def setUp(self):
        warnings.simplefilter('ignore', DeprecationWarning)  # pyatspi's own
        self.stops = []     # (stop, interactive elements checked)
        self.problems = {}  # (role, description, where) -> first stop

    def check(self, stop):
        w = walk()
        self.stops.append((stop, len(w.checked)))
        roles = {}
        for role, _, _ in w.checked:
            roles[role] = roles.get(role, 0) + 1
        summary = ', '.join(f'{n} {r}' for r, n in sorted(roles.items(), key=lambda x: -x[1]))
        print(f'# {stop}: {len(w.checked)} interactive elements checked ({summary}); '
              f'{len(w.unnamed)} without a name', flush=True)
        for problem in w.unnamed:
            self.problems.setdefault(problem, stop)
        return w

    def wait_walk(self, what, predicate, timeout=15):
        """Walks the tree until PREDICATE(walk) holds; returns that walk."""
        return wait_for(lambda: (lambda w: w if predicate(w) else None)(walk()),
                        timeout=timeout, what=what)

    def test_every_control_is_named(self):
        with Client() as client:
            wait_for(lambda: frame('Lifeline'), timeout=20, what='the window on AT-SPI')
            wid = main_window_id()

            # Knowledge: the home page, search focused.
            self.wait_walk('the search entry', lambda w: find(w, 'entry', 'Search the knowledge base'))
            self.check('Knowledge (start)')

            # Typing shows ranked results.
            type_keys(wid, 'refund')
            w = self.wait_walk('results for "refund"', lambda w: sum(
                1 for r, n, _, _ in w.nodes if r == 'list item' and 'efund' in n) >= 2)
            top = next(n for r, n, _, _ in w.nodes if r == 'list item' and 'efund' in n)
            self.check('Knowledge: results for "refund"')

            # Enter opens the top result.
            title = top.split(', ')[0]
            key(wid, 'Return')
            self.wait_walk(f'the article "{title}"',
                           lambda w: find(w, 'heading', text=title) or find(w, 'label', text=title))
            self.check('Knowledge: an open article')

            # Escape goes back; a script found by search opens on Recover.
            key(wid, 'Escape', 'Escape')
            type_keys(wid, 'I gave the customer wrong information')
            self.wait_walk('the script result', lambda w: any(
                r == 'list item' and n.startswith('I gave the customer wrong information')
                for r, n, _, _ in w.nodes))
            key(wid, 'Return')
            self.wait_walk('the script open on Recover',
                           lambda w: find(w, 'progress bar', 'Progress through the script')
                           and any(r == 'label' and t.startswith('Step 1') for r, _, t, _ in w.nodes))
            self.check('Recover: a script open')

            # Follow-ups: the page, through its tab as a screen reader would.
            tab = wait_for(lambda: find(walk(), 'page tab', 'Follow-ups'), what='the Follow-ups tab')
            do_action(tab, 'click')
            time.sleep(0.3)  # the stack's transition; the walk sees every page anyway
            self.check('Follow-ups')

            # The mistake report panel (Ctrl+Shift+M).
            key(wid, 'ctrl+shift+m')
            self.wait_walk('the report recorded', lambda w: any(
                r == 'label' and t.startswith('Mistake recorded') for r, _, t, _ in w.nodes))
            self.check('Mistake report panel')
            key(wid, 'Escape')

            # Preferences (app.preferences), its own window.
            gdbus_call('org.gtk.Actions.Activate', 'preferences', '[]', '{}')
            wait_for(lambda: any(n != 'Lifeline' for n, _ in frames()), what='the Preferences window')
            time.sleep(0.5)
            self.check('Preferences')
            client.quit()

        checked = sum(n for _, n in self.stops)
        self.assertGreater(checked, 50, 'the walk found next to nothing: is AT-SPI working?')
        if self.problems:
            lines = [f'  {role} (description {desc!r}, near {near!r}) in {where} — on {stop}'
                     for (role, desc, where, near), stop in self.problems.items()]
            self.fail(f'{len(self.problems)} interactive elements have no accessible name:\n'
                      + '\n'.join(lines))


if __name__ == '__main__':
    unittest.main(verbosity=2)

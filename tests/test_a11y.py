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
count: GTK 4.8 gives it to AT-SPI as the description, not the name. The few
unnamed parts that belong to GTK or libadwaita themselves are listed, not
failed (see exemption()).

A second test walks the agent's journey by keyboard alone (search, open,
back, Ctrl+Shift+M and the report's category, Ctrl+Enter, Ctrl+Shift+C, a
follow-up), following the focus through AT-SPI and the results on disk.

Needs /usr/bin/python3 with python3-pyatspi (Debian) and xdotool."""
import os
import re
import sqlite3
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

# GTK 4.8 names a button made with a mnemonic label "_Save Save" (the
# label with its underline, then the label's text): said, not failed.
MNEMONIC = re.compile(r'(^|\s)_\w')

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
    """Where an element is: its named ancestors and the widgets of ours (or
    libadwaita's) around it, whose type names GTK gives to unnamed fillers."""
    parts = []
    for role, name in trail:
        if role in ('application', 'frame') or not name:
            continue
        if not unnamed(name):
            parts.append(f"{role} '{name}'")
        elif role == 'filler' and name.startswith(('Lifeline', 'AdwToast')):
            parts.append(name)
    return ' > '.join(parts[-3:]) or '(top level)'


def on_screen(node):
    """GTK 4.8 sets no SHOWING state, but what is not on screen (a page of a
    stack not shown) has an empty extent."""
    try:
        e = node.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
        return e.width > 0 and e.height > 0
    except Exception:
        return False


def exemption(role, trail, shown):
    """Why an unnamed element is not the application's to name, or None."""
    for r, n in reversed(trail):
        if r == 'combo box' and not unnamed(n):
            # GTK 4.8's GtkDropDown/AdwComboRow: its toggle and its popup's
            # rows have no name of their own; the combo box carries the name
            # and the value, and is what a screen reader announces.
            return f"part of the combo box '{n}'"
    if role == 'push button' and any(n == 'Deadline date' for _, n in trail):
        # GTK 4.8's GtkCalendar (named "Deadline date" by us): its month and
        # year arrows have no name and no API to give them one.
        return "an arrow of GtkCalendar 'Deadline date'"
    if any(n == 'AdwToastWidget' for _, n in trail):
        # libadwaita 1.2's toast: its close button has no name to give.
        return "the close button of a libadwaita toast"
    if role == 'entry' and not shown and len(trail) > 1 and trail[1] == ('frame', 'Preferences'):
        # AdwPreferencesWindow's own search entry; its search is turned off.
        return "AdwPreferencesWindow's search entry, never shown"
    return None


class Walk:
    """One walk of an application's tree: its interactive elements (role,
    name, where, on screen) and the unnamed ones among them."""

    def __init__(self, root, shown_only=False):
        self.shown_only = shown_only  # skip what is not on screen (faster)
        self.checked = []   # (role, name, where, on screen)
        self.unnamed = []   # (role, description, where, nearby text)
        self.exempt = []    # (role, where, why)
        self.nodes = []     # (role, name, text, node)
        self._visit(root, [], 0)

    def _visit(self, node, trail, depth, parent=None):
        if node is None or depth > 80:
            return
        if depth > 0 and not state(node, pyatspi.STATE_VISIBLE):
            return
        if (self.shown_only and depth > 1 and not on_screen(node)
                and (node.name or '') not in ('GtkStackPage', 'AdwViewStackPage')):
            return  # (a stack's page object has no extent of its own)
        role = node.getRoleName()
        name = node.name or ''
        self.nodes.append((role, name, text_of(node) if role in ('label', 'heading') else '', node))
        if interactive(role, node):
            where = describe(trail)
            shown = on_screen(node)
            self.checked.append((role, name, where, shown))
            if unnamed(name):
                why = exemption(role, trail, shown)
                if why:
                    self.exempt.append((role, where, why))
                else:
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


def walk(shown_only=False):
    """Walks the application; a tree that changes under the walk (rows of a
    list that filters) is walked again."""
    last = None
    for _ in range(5):
        app = app_node()
        if app is None:
            raise AssertionError(f'no application "{APP_NAME}" on the accessibility bus')
        try:
            return Walk(app, shown_only)
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


def window_id(title):
    out = subprocess.run(['xdotool', 'search', '--sync', '--onlyvisible', '--name', title],
                         check=True, capture_output=True, text=True, timeout=30).stdout
    return out.split()[-1]


def main_window_id():
    return window_id('^Lifeline$')


def type_keys(wid, text):
    xdotool('windowfocus', '--sync', wid, 'type', '--delay', '20', text)


def key(wid, *keys):
    xdotool('windowfocus', '--sync', wid, 'key', '--delay', '40', *keys)


class Accessibility(unittest.TestCase):
    def setUp(self):
        warnings.simplefilter('ignore', DeprecationWarning)  # pyatspi's own
        self.stops = []     # (stop, interactive elements checked)
        self.problems = {}  # (role, description, where, nearby text) -> first stop
        self.mnemonic_names = set()
        self.exempt = set()

    def check(self, stop):
        w = walk()
        shown = sum(1 for c in w.checked if c[3])
        self.stops.append((stop, len(w.checked), shown))
        roles = {}
        for role, _, _, _ in w.checked:
            roles[role] = roles.get(role, 0) + 1
        summary = ', '.join(f'{n} {r}' for r, n in sorted(roles.items(), key=lambda x: -x[1]))
        print(f'# {stop}: {len(w.checked)} interactive elements checked, {shown} of them on '
              f'screen ({summary}); {len(w.unnamed)} without a name, '
              f'{len(w.exempt)} left to GTK', flush=True)
        for problem in w.unnamed:
            self.problems.setdefault(problem, stop)
        for role, name, _, _ in w.checked:
            if MNEMONIC.search(name):
                self.mnemonic_names.add(name)
        for item in w.exempt:
            self.exempt.add(item)
        return w

    def wait_walk(self, what, predicate, timeout=15):
        """Walks the tree until PREDICATE(walk) holds; returns that walk."""
        return wait_for(lambda: (lambda w: w if predicate(w) else None)(walk(shown_only=True)),
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
                r == 'list item' and 'I gave the customer wrong information' in n
                for r, n, _, _ in w.nodes))
            key(wid, 'Return')
            self.wait_walk('the script open on Recover',
                           lambda w: find(w, 'progress bar', 'Progress through the script')
                           and any(r == 'label' and t.startswith('Step 1') for r, _, t, _ in w.nodes))
            self.check('Recover: a script open')

            # Set a Follow-up: its dialog, then a follow-up to list.
            button = find(walk(True), 'push button', 'Set a Follow-up')
            self.assertIsNotNone(button, 'no "Set a Follow-up" button in the script')
            do_action(button, 'click')
            wait_for(lambda: frame('Set a Follow-up'), what='the follow-up dialog')
            self.wait_walk('the promise row', lambda w: find(w, 'text', 'What you promised'))
            self.check('Set a Follow-up dialog')
            dialog = window_id('^Set a Follow-up$')
            type_keys(dialog, 'Call back with the refund date')
            key(dialog, 'ctrl+Return')
            wait_for(lambda: db_rows('SELECT id FROM followups'), what='the follow-up on disk')
            wait_for(lambda: frame('Set a Follow-up') is None, what='the dialog to close')

            # Follow-ups: the page, through its tab as a screen reader would.
            tab = wait_for(lambda: find(walk(True), 'page tab', 'Follow-ups'), what='the Follow-ups tab')
            do_action(tab, 'click')
            self.wait_walk('the follow-up listed', lambda w: any(
                r == 'list item' and 'Call back with the refund date' in n for r, n, _, _ in w.nodes))
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

        for role, where, why in sorted(self.exempt):
            print(f'# not counted: unnamed {role} in {where or "(top level)"}: {why}')
        if self.mnemonic_names:
            print(f'# note: {len(self.mnemonic_names)} names carry the mnemonic underline twice '
                  f'(GTK 4.8), e.g. {sorted(self.mnemonic_names)[:3]}')
        shown = sum(n for _, _, n in self.stops)
        self.assertGreater(shown, 50, 'the walk found next to nothing on screen: is AT-SPI working?')
        if self.problems:
            lines = [f'  {role} (description {desc!r}, near {near!r}) in {where} — on {stop}'
                     for (role, desc, where, near), stop in self.problems.items()]
            self.fail(f'{len(self.problems)} interactive elements have no accessible name:\n'
                      + '\n'.join(lines))


def focused_nodes():
    """The focused elements of the application's windows, as AT-SPI says."""
    found = []

    def visit(node, depth):
        if node is None or depth > 80 or (depth > 0 and not state(node, pyatspi.STATE_VISIBLE)):
            return
        if depth > 1 and not on_screen(node) and (node.name or '') not in ('GtkStackPage',
                                                                            'AdwViewStackPage'):
            return  # what has the focus is on screen
        if state(node, pyatspi.STATE_FOCUSED):
            found.append(node)
        for child in node:
            visit(child, depth + 1)

    app = app_node()
    for child in (app if app is not None else []):
        visit(child, 1)
    return found


def focus_is(role, name=None, text=None):
    """A predicate: an element with ROLE (and NAME, or TEXT in its
    subtree's labels) has the keyboard focus."""
    def check():
        try:
            for node in focused_nodes():
                if node.getRoleName() != role or (name is not None and node.name != name):
                    continue
                if text is None or text in nearby_text(node, limit=8):
                    return node
        except Exception:
            return None  # the tree changed under us: ask again
        return None
    return check


def wait_focus(predicate, what, timeout=10):
    """Waits for PREDICATE (a focus_is); on time out, says where the focus is."""
    try:
        return wait_for(predicate, timeout=timeout, what=what)
    except AssertionError as e:
        try:
            now = [f"{n.getRoleName()} '{n.name}'" for n in focused_nodes()]
        except Exception:
            now = ['(unknown)']
        raise AssertionError(f'{e}; the focus is on {now or "nothing"}') from None


def ancestors(node):
    names = []
    try:
        parent = node.parent
        while parent is not None and len(names) < 80:
            names.append(parent.name or '')
            parent = parent.parent
    except Exception:
        pass
    return names


def label_shown(prefix):
    def check():
        try:
            return any(r == 'label' and t.startswith(prefix) for r, _, t, _ in walk(True).nodes)
        except AssertionError:
            return False
    return check


def db_rows(query):
    path = os.path.join(os.environ['XDG_DATA_HOME'], 'lifeline', 'lifeline.db')
    if not os.path.exists(path):
        return []
    con = sqlite3.connect(f'file:{path}?mode=ro', uri=True, timeout=5)
    try:
        return con.execute(query).fetchall()
    except sqlite3.OperationalError:
        return []  # busy or not created yet: ask again
    finally:
        con.close()


class KeyboardJourney(unittest.TestCase):
    """The agent's journey by keyboard alone, focus followed through AT-SPI:
    search, open, back, report a mistake and fill it in, walk the script,
    copy a phrase, set a follow-up."""

    def setUp(self):
        warnings.simplefilter('ignore', DeprecationWarning)  # pyatspi's own

    def test_keyboard_only(self):
        with Client() as client:
            wait_for(lambda: frame('Lifeline'), timeout=20, what='the window on AT-SPI')
            wid = main_window_id()
            wait_focus(focus_is('entry', 'Search the knowledge base'), timeout=15,
                       what='the search entry to have the focus at start')

            type_keys(wid, 'refund')
            w = self.wait_results()
            key(wid, 'Return')
            wait_for(label_shown(w), timeout=15, what=f'the article "{w}" to open on Enter')
            key(wid, 'Escape')
            wait_focus(focus_is('entry', 'Search the knowledge base'), timeout=10,
                       what='Escape to bring the focus back to the search')

            # Ctrl+Shift+M records the report, and the keyboard is in its panel.
            before = {r[0] for r in db_rows('SELECT id FROM reports')}
            key(wid, 'ctrl+shift+m')
            report = wait_for(lambda: [r[0] for r in db_rows('SELECT id FROM reports')
                                       if r[0] not in before], timeout=10,
                              what='the report on disk')[0]
            wait_focus(focus_is('combo box', 'Category'), timeout=10,
                       what="the focus on the report panel's Category")
            # Choose the first category with the keyboard; the matching
            # script opens behind the panel without taking the keyboard away.
            key(wid, 'Return')
            time.sleep(0.5)  # the popover's list takes the focus
            key(wid, 'Down', 'Return')
            wait_for(lambda: db_rows(f"SELECT id FROM reports WHERE id = '{report}' "
                                     "AND category IS NOT NULL"),
                     timeout=10, what='the category chosen by keyboard to be saved')
            wait_for(label_shown('Step 1 of'), timeout=10, what='the matching script to open')
            time.sleep(0.5)  # let a late focus grab show itself
            wait_focus(focus_is('combo box', 'Category'), timeout=5,
                       what='the focus to stay in the report panel while the script opens')

            # Escape closes the panel; the keyboard lands in the script.
            key(wid, 'Escape')
            wait_for(lambda: any('LifelineScriptView' in ancestors(n) for n in focused_nodes()),
                     timeout=10, what='the focus in the script once the panel closes')
            key(wid, 'ctrl+Return')
            wait_for(label_shown('Step 2 of'), timeout=10, what='Ctrl+Enter to walk to step 2')
            phrase = self.phrase_shown()
            key(wid, 'ctrl+shift+c')

            # Set a follow-up: Shift+Tab back to its button, Enter, type the
            # promise, Ctrl+Enter saves.
            for _ in range(20):
                if focus_is('push button', 'Set a Follow-up')():
                    break
                key(wid, 'shift+Tab')
            else:
                self.fail('Shift+Tab never reached "Set a Follow-up"')
            before = {r[0] for r in db_rows('SELECT id FROM followups')}
            key(wid, 'Return')
            dialog = window_id('^Set a Follow-up$')
            # (Without a window manager GTK never marks the dialog active, so
            # AT-SPI shows no focus in it: the promise typed shows where it was.)
            wait_for(lambda: frame('Set a Follow-up'), what='the dialog on AT-SPI')
            # The promise is the phrase Ctrl+Shift+C copied, pasted.
            key(dialog, 'ctrl+v')
            key(dialog, 'ctrl+Return')
            saved = wait_for(lambda: [r for r in db_rows('SELECT id, promise FROM followups')
                                      if r[0] not in before], timeout=10,
                             what='the follow-up saved by keyboard')
            self.assertEqual(saved[0][1].strip(), phrase.strip(),
                             'the promise pasted is not the phrase Ctrl+Shift+C copied')
            client.quit()

    def phrase_shown(self):
        """The text of the phrase to say, the label after "Say"."""
        labels = [t for r, _, t, _ in walk(True).nodes if r == 'label']
        for i, text in enumerate(labels[:-1]):
            if text == 'Say' and labels[i + 1].strip():
                return labels[i + 1]
        self.fail('no phrase to say on screen')

    def wait_results(self):
        w = wait_for(lambda: next((n for r, n, _, _ in walk(True).nodes
                                   if r == 'list item' and 'efund' in n), None),
                     timeout=15, what='results for "refund"')
        return w.split(', ')[0]


if __name__ == '__main__':
    unittest.main(verbosity=2)

#!/usr/bin/python3
"""atspi_find.py APP TEXT [TIMEOUT]: waits until the running application APP
(its accessible name, such as "lifeline") shows a widget whose accessible
name or text is TEXT, through the accessibility bus (AT-SPI), as a screen
reader would see it. Exits 0 when found, 1 when not within TIMEOUT seconds
(default 10), 2 when AT-SPI is not there. Needs /usr/bin/python3 with
python3-pyatspi (Debian), run inside the session bus of the app."""
import sys
import time

try:
    import pyatspi
except ImportError as e:
    print(f'pyatspi is not available: {e}', file=sys.stderr)
    sys.exit(2)


def texts(node):
    try:
        yield node.name or ''
    except Exception:
        return
    try:
        text = node.queryText()
        # GTK 4.8 answers getText(0, -1) with '': ask for the real length.
        yield text.getText(0, text.characterCount)
    except Exception:
        pass


def visible(node):
    # GTK 4.8 does not set SHOWING; VISIBLE follows the widget's visibility.
    try:
        return node.getState().contains(pyatspi.STATE_VISIBLE)
    except Exception:
        return False


def find(node, wanted, depth=0):
    """Depth-first, through visible nodes only."""
    if depth > 60 or node is None or (depth > 0 and not visible(node)):
        return False
    if any(t == wanted for t in texts(node)):
        return True
    try:
        children = list(node)
    except Exception:
        return False
    return any(find(child, wanted, depth + 1) for child in children)


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    app_name, wanted = argv[1], argv[2]
    timeout = float(argv[3]) if len(argv) > 3 else 10
    deadline = time.monotonic() + timeout
    while True:
        desktop = pyatspi.Registry.getDesktop(0)
        for app in desktop:
            try:
                if app is not None and app.name == app_name and find(app, wanted):
                    return 0
            except Exception:
                pass  # the tree changed under us: walk it again
        if time.monotonic() > deadline:
            print(f'{app_name} shows no "{wanted}" after {timeout} s', file=sys.stderr)
            return 1
        time.sleep(0.1)


if __name__ == '__main__':
    sys.exit(main(sys.argv))

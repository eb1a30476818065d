#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# check-flatpak.py MESON_OPTIONS_TXT MANIFEST.json...
#
# For each Flatpak manifest: it parses as JSON; its id (or app-id) equals the
# file name; every source of every module is pinned (git: a 40-hex commit;
# archive/file: a sha256, unless it is a local path; dir: allowed); every
# -D<name>=<value> given to the module that builds this project names an
# option of meson_options.txt (or a meson built-in) with a valid value; the
# "dir" source of that module is this repository (its meson.build); the
# Devel manifest selects -Dprofile=development and the other does not;
# finish-args grant no home or host filesystem access.
# Standard library only.

import json
import os
import re
import sys

HEX40 = re.compile(r'^[0-9a-f]{40}$')
HEX64 = re.compile(r'^[0-9a-f]{64}$')

# meson's own options that a manifest may reasonably set.
MESON_BUILTINS = {
    'prefix', 'bindir', 'datadir', 'includedir', 'infodir', 'libdir',
    'libexecdir', 'localedir', 'localstatedir', 'mandir', 'sbindir',
    'sharedstatedir', 'sysconfdir', 'auto_features', 'backend', 'buildtype',
    'debug', 'default_library', 'install_umask', 'layout', 'optimization',
    'strip', 'unity', 'warning_level', 'werror', 'wrap_mode', 'pkg_config_path',
    'c_args', 'c_link_args', 'c_std',
}

FORBIDDEN_FILESYSTEMS = {'home', 'host', 'host-os', 'host-etc', '~', '/'}


def parse_meson_options(path):
    """Return {name: (type, choices or None)} from meson_options.txt."""
    with open(path, encoding='utf-8') as f:
        text = f.read()
    # Drop comment lines, then split at each option( call.
    text = '\n'.join('' if line.lstrip().startswith('#') else line
                     for line in text.splitlines())
    options = {}
    chunks = re.split(r'(?m)^\s*option\s*\(', text)
    for chunk in chunks[1:]:
        m = re.match(r"\s*'([^']+)'", chunk)
        if not m:
            continue
        name = m.group(1)
        t = re.search(r"\btype\s*:\s*'(\w+)'", chunk)
        c = re.search(r"\bchoices\s*:\s*\[([^\]]*)\]", chunk)
        choices = re.findall(r"'([^']*)'", c.group(1)) if c else None
        options[name] = (t.group(1) if t else 'string', choices)
    return options


def load_json(path):
    with open(path, encoding='utf-8') as f:
        return json.load(f)


class Checker:
    def __init__(self, manifest_path, options):
        self.path = manifest_path
        self.base = os.path.dirname(os.path.abspath(manifest_path))
        self.options = options
        self.errors = []
        self.project_modules = []

    def error(self, msg):
        self.errors.append(msg)

    # -- sources ---------------------------------------------------------
    def check_source(self, module_name, source, where):
        if isinstance(source, str):
            # A path to a JSON file holding one source or a list of them.
            path = os.path.join(where, source)
            if not path.endswith('.json'):
                self.error(f'module {module_name}: source file {source} is not JSON and cannot be checked')
                return
            try:
                loaded = load_json(path)
            except (OSError, ValueError) as e:
                self.error(f'module {module_name}: cannot read source file {source}: {e}')
                return
            for s in (loaded if isinstance(loaded, list) else [loaded]):
                self.check_source(module_name, s, os.path.dirname(path))
            return
        if not isinstance(source, dict):
            self.error(f'module {module_name}: a source is neither an object nor a file name')
            return

        kind = source.get('type')
        label = f'module {module_name}: {kind} source {source.get("url") or source.get("path") or ""}'.rstrip()
        if kind == 'git':
            commit = source.get('commit', '')
            if not HEX40.match(commit):
                self.error(f'{label} is not pinned: it needs "commit" with 40 hex digits (has {commit!r})')
            if 'branch' in source and 'commit' not in source:
                self.error(f'{label} follows a branch')
        elif kind in ('archive', 'file', 'extra-data'):
            if kind != 'extra-data' and 'url' not in source and 'path' in source:
                return  # a file of this repository: pinned by the repository
            sha = source.get('sha256', '')
            if not HEX64.match(sha):
                self.error(f'{label} is not pinned: it needs "sha256" with 64 hex digits')
        elif kind in ('bzr', 'svn'):
            if not source.get('revision'):
                self.error(f'{label} is not pinned: it needs "revision"')
        elif kind in ('dir', 'patch', 'script', 'shell', 'inline'):
            if kind == 'patch' and 'url' in source:
                self.error(f'{label}: patches must be local files')
        else:
            self.error(f'{label}: unknown source type {kind!r}')

    # -- modules ---------------------------------------------------------
    def check_module(self, module, where):
        if isinstance(module, str):
            path = os.path.join(where, module)
            if not path.endswith('.json'):
                self.error(f'module file {module} is not JSON and cannot be checked')
                return
            try:
                module = load_json(path)
            except (OSError, ValueError) as e:
                self.error(f'cannot read module file {module}: {e}')
                return
            where = os.path.dirname(path)
        if not isinstance(module, dict):
            self.error('a module is neither an object nor a file name')
            return

        name = module.get('name', '<unnamed>')
        sources = module.get('sources', [])
        if not isinstance(sources, list) or not sources:
            self.error(f'module {name}: no sources')
            sources = sources if isinstance(sources, list) else []
        for source in sources:
            self.check_source(name, source, where)

        is_project = (module.get('buildsystem') == 'meson' and
                      any(isinstance(s, dict) and s.get('type') == 'dir' for s in sources))
        if is_project:
            self.project_modules.append(module)
            for s in sources:
                if isinstance(s, dict) and s.get('type') == 'dir':
                    self.check_project_dir(name, os.path.join(where, s.get('path', '')))

        for sub in module.get('modules', []):
            self.check_module(sub, where)

    def check_project_dir(self, module_name, path):
        """The "dir" source must be this repository: flatpak-builder copies
        that folder and runs meson in it."""
        meson_build = os.path.join(path, 'meson.build')
        try:
            with open(meson_build, encoding='utf-8') as f:
                head = f.read(4096)
        except OSError:
            self.error(f'module {module_name}: its dir source {path} has no meson.build')
            return
        if not re.search(r"^project\(\s*'lifeline'", head, re.M):
            self.error(f'module {module_name}: its dir source {path} is not the Lifeline project')

    # -- config-opts of this project ------------------------------------
    def check_config_opts(self, module, devel):
        name = module.get('name', '<unnamed>')
        opts = module.get('config-opts', [])
        seen = {}
        for opt in opts:
            if not isinstance(opt, str):
                self.error(f'module {name}: config-opt {opt!r} is not a string')
                continue
            if not opt.startswith('-D'):
                continue
            body = opt[2:]
            if '=' not in body:
                self.error(f'module {name}: config-opt {opt} has no value')
                continue
            key, value = body.split('=', 1)
            seen[key] = value
            if key in self.options:
                kind, choices = self.options[key]
                if kind == 'boolean' and value not in ('true', 'false'):
                    self.error(f'module {name}: {opt}: option {key} is boolean, "{value}" is not true or false')
                elif kind == 'combo' and choices is not None and value not in choices:
                    self.error(f'module {name}: {opt}: option {key} takes one of {", ".join(choices)}')
                elif kind == 'feature' and value not in ('enabled', 'disabled', 'auto'):
                    self.error(f'module {name}: {opt}: option {key} takes enabled, disabled or auto')
                elif kind == 'integer' and not re.match(r'^-?\d+$', value):
                    self.error(f'module {name}: {opt}: option {key} takes an integer')
            elif key in MESON_BUILTINS or key.startswith('b_'):
                pass
            else:
                self.error(f'module {name}: {opt}: there is no option "{key}" in meson_options.txt')

        profile = seen.get('profile', 'default')
        if devel and profile != 'development':
            self.error(f'module {name}: a .Devel manifest needs -Dprofile=development')
        if not devel and profile == 'development':
            self.error(f'module {name}: only the .Devel manifest may use -Dprofile=development')

    # -- the whole manifest ---------------------------------------------
    def run(self):
        try:
            manifest = load_json(self.path)
        except (OSError, ValueError) as e:
            self.error(f'not valid JSON: {e}')
            return self.errors
        if not isinstance(manifest, dict):
            self.error('the top level is not an object')
            return self.errors

        expected = os.path.basename(self.path)
        if expected.endswith('.json'):
            expected = expected[:-len('.json')]
        ids = [manifest[k] for k in ('id', 'app-id') if k in manifest]
        if not ids:
            self.error('no "id" (or "app-id")')
        for i in ids:
            if i != expected:
                self.error(f'id "{i}" does not match the file name "{expected}.json"')
        devel = expected.endswith('.Devel')

        for key in ('runtime', 'runtime-version', 'sdk', 'command'):
            if not manifest.get(key):
                self.error(f'no "{key}"')

        for arg in manifest.get('finish-args', []):
            m = re.match(r'^--filesystem=(.*)$', arg)
            if m:
                fs = m.group(1).split(':', 1)[0].rstrip('/') or '/'
                fs_base = fs.split('/', 1)[0] if fs not in ('/', '~') else fs
                if fs in FORBIDDEN_FILESYSTEMS or fs_base in ('home', 'host', 'host-os', 'host-etc'):
                    self.error(f'finish-args grant {arg}: Lifeline needs no home or host file access')

        modules = manifest.get('modules', [])
        if not modules:
            self.error('no modules')
        for module in modules:
            self.check_module(module, self.base)

        if not self.project_modules:
            self.error('no meson module builds this project (buildsystem meson with a "dir" source)')
        for module in self.project_modules:
            self.check_config_opts(module, devel)
        return self.errors


def main(argv):
    if len(argv) < 3:
        print(f'usage: {argv[0]} MESON_OPTIONS_TXT MANIFEST.json...', file=sys.stderr)
        return 2
    options = parse_meson_options(argv[1])
    if not options:
        print(f'{argv[1]}: no options found', file=sys.stderr)
        return 1
    failed = 0
    for path in argv[2:]:
        errors = Checker(path, options).run()
        if errors:
            failed += 1
            for e in errors:
                print(f'{path}: {e}')
        else:
            print(f'{path}: ok')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))

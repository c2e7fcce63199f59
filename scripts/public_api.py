#!/usr/bin/env python3
"""Counts the public API of parkwater-core: the items a user of the crate can name.

    python3 scripts/public_api.py [SRC_DIR] [--features dev,crosscheck] [--list]

Walks the module tree from SRC_DIR/lib.rs (default crates/parkwater-core/src).
A module is public when every `mod` on its path is `pub mod` (test modules and
modules behind a feature not given are skipped). Counted:
- top-level `pub` items (fn, struct, enum, trait, type, const, static) of
  public modules;
- each name a public module re-exports (`pub use`) from a private module or
  another crate (a `pub use other_crate as name` counts one);
- every `pub fn` of an inherent `impl T` block, in any file, where T is a
  public type (methods and associated functions).
Items behind `#[cfg(feature = "...")]` count only with that feature, and
`#[cfg_attr(feature = "...", visibility::make(pub))] pub(crate)` items only
with it. A text scan, not rustdoc: good for before/after, not for proofs.
"""
import os
import re
import sys

ITEM = re.compile(r'^pub (?:async )?(fn|struct|enum|trait|type|const|static) (\w+)')
MADE = re.compile(r'^(\s*)pub\(crate\) (?:async )?(fn|struct|enum|trait|type|const|static) (\w+)')
TYPE = re.compile(r'^\s*pub(?:\([\w:]+\))? (?:struct|enum|trait) (\w+)')


def strip_tests(text):
    """The text without `#[cfg(test)]` items."""
    lines, out, i = text.split('\n'), [], 0
    while i < len(lines):
        if re.match(r'\s*#\[cfg\(test\)\]', lines[i]):
            j, depth, started = i + 1, 0, False
            while j < len(lines):
                depth += lines[j].count('{') - lines[j].count('}')
                started = started or '{' in lines[j]
                if (started and depth <= 0) or (not started and lines[j].rstrip().endswith(';')):
                    break
                j += 1
            i = j + 1
            continue
        out.append(lines[i])
        i += 1
    return out


def attributes(lines, k):
    """Attribute and comment lines just above line k."""
    out, j = [], k - 1
    while j >= 0 and re.match(r'\s*(#\[|//)', lines[j]):
        out.append(lines[j].strip())
        j -= 1
    return out


def enabled(lines, k, features):
    for a in attributes(lines, k):
        m = re.match(r'#\[cfg\(feature = "(\w+)"\)\]', a)
        if m and m.group(1) not in features:
            return False
        m = re.match(r'#\[cfg\(not\(feature = "(\w+)"\)\)\]', a)
        if m and m.group(1) in features:
            return False
        m = re.match(r'#\[cfg\(any\(test, feature = "(\w+)"\)\)\]', a)
        if m and m.group(1) not in features:
            return False
    return True


def made_public(lines, k, features):
    return any(
        (m := re.match(r'#\[cfg_attr\(feature = "(\w+)", visibility::make\(pub\)\)\]', a))
        and m.group(1) in features
        for a in attributes(lines, k)
    )


def walk(root, features):
    """module path -> (lines, public)."""
    modules = {}

    def visit(path, public, name, childdir):
        lines = strip_tests(open(path, encoding='utf-8').read())
        modules[name] = (lines, public)
        for k, line in enumerate(lines):
            m = re.match(r'^\s*(pub(?:\([\w:]+\))? )?mod (\w+);', line)
            if not m or not enabled(lines, k, features):
                continue
            child = os.path.join(childdir, m.group(2) + '.rs')
            if not os.path.exists(child):
                child = os.path.join(childdir, m.group(2), 'mod.rs')
            if os.path.exists(child):
                vis = (m.group(1) or '').strip()
                visit(child, public and vis == 'pub', name + '::' + m.group(2),
                      os.path.join(childdir, m.group(2)))

    visit(os.path.join(root, 'lib.rs'), True, 'crate', root)
    return modules


def resolve(modules, here, path):
    """The module a `use` path starts in, or None (another crate)."""
    parts = path.split('::')
    if parts[0] == 'crate':
        base, parts = 'crate', parts[1:]
    elif parts[0] == 'super':
        base, parts = here.rsplit('::', 1)[0], parts[1:]
    elif parts[0] == 'self':
        base, parts = here, parts[1:]
    else:
        base = here
        if here + '::' + parts[0] not in modules:
            return None
    for p in parts:
        if base + '::' + p not in modules:
            return None
        base = base + '::' + p
    return base


def count(root, features):
    modules = walk(root, features)
    items, public_types = [], set()
    for name, (lines, public) in modules.items():
        if not public:
            continue
        for k, line in enumerate(lines):
            m = ITEM.match(line)
            made = MADE.match(line)
            if (m or (made and not made.group(1) and made_public(lines, k, features))) \
                    and enabled(lines, k, features):
                kind, ident = (m.group(1), m.group(2)) if m else (made.group(2), made.group(3))
                items.append(f'{name}::{ident}')
                if kind in ('struct', 'enum', 'trait'):
                    public_types.add(ident)
        text = '\n'.join(lines)
        for m in re.finditer(r'(?m)^pub use ([^;]+);', text):
            k = text[:m.start()].count('\n')
            if not enabled(lines, k, features):
                continue
            body = ' '.join(m.group(1).split())
            group = re.match(r'([\w:]+)::\{(.*)\}$', body)
            prefix, names = (group.group(1), group.group(2).split(',')) if group else \
                (body.rpartition('::')[0], [body.rpartition('::')[2]])
            target = resolve(modules, name, prefix) if prefix else None
            for n in (x.strip() for x in names):
                if not n or n == 'self':
                    continue
                alias = n.split(' as ')[-1].strip()
                if target is not None and modules[target][1]:
                    continue  # counted where it is defined
                items.append(f'{name}::{alias}')
                public_types.add(n.split(' as ')[0].strip())
    # Methods: inherent impls of public types, in any file.
    for name, (lines, _) in modules.items():
        i = 0
        while i < len(lines):
            m = re.match(r'^impl(?:<[^>]*>)?\s+([\w:]+?)(?:<[^>]*>)?\s*\{', lines[i])
            if not (m and m.group(1).split('::')[-1] in public_types and enabled(lines, i, features)):
                i += 1
                continue
            ty, depth, j = m.group(1).split('::')[-1], lines[i].count('{') - lines[i].count('}'), i + 1
            while j < len(lines) and depth > 0:
                line = lines[j]
                if depth == 1 and enabled(lines, j, features) and (
                        re.match(r'^\s+pub (?:const )?fn (\w+)', line)
                        or (re.match(r'^\s+pub\(crate\) fn (\w+)', line) and made_public(lines, j, features))):
                    items.append(f'{name}::{ty}::' + re.search(r'fn (\w+)', line).group(1))
                depth += line.count('{') - line.count('}')
                j += 1
            i = j
    public_modules = sum(1 for _, p in modules.values() if p) - 1
    return items, public_modules


def main():
    args = sys.argv[1:]
    features = set()
    if '--features' in args:
        i = args.index('--features')
        features = set(args[i + 1].split(','))
        del args[i:i + 2]
    listing = '--list' in args
    args = [a for a in args if a != '--list']
    root = args[0] if args else 'crates/parkwater-core/src'
    items, public_modules = count(root, features)
    if listing:
        print('\n'.join(sorted(items)))
    print(f'public modules: {public_modules}')
    print(f'public items: {len(items)}')


if __name__ == '__main__':
    main()

#!/usr/bin/env python3
"""check-screenshots.py METAINFO SCREENSHOTS_DIR: every screenshot the
metainfo names is a PNG committed in data/screenshots (the URL ends with its
file name), with a caption, and there is a default one."""
import os
import struct
import sys
import xml.etree.ElementTree as ET

metainfo, folder = sys.argv[1], sys.argv[2]
root = ET.parse(metainfo).getroot()
shots = root.findall('./screenshots/screenshot')
problems = []
if not shots:
    problems.append('the metainfo names no screenshots')
if not any(s.get('type') == 'default' for s in shots):
    problems.append('no screenshot has type="default"')
for shot in shots:
    image = shot.findtext('image', '').strip()
    name = image.rsplit('/', 1)[-1]
    path = os.path.join(folder, name)
    if not image.startswith('https://') or not image.endswith('/data/screenshots/' + name):
        problems.append(f'{image}: not a URL of a file in data/screenshots')
    if not os.path.exists(path):
        problems.append(f'{name}: not in {folder}')
        continue
    with open(path, 'rb') as f:
        head = f.read(24)
    if head[:8] != b'\x89PNG\r\n\x1a\n':
        problems.append(f'{name}: not a PNG')
        continue
    width, height = struct.unpack('>II', head[16:24])
    if width < 360 or height < 360:
        problems.append(f'{name}: {width}×{height} is too small to show anything')
    if not (shot.findtext('caption') or '').strip():
        problems.append(f'{name}: no caption')

for p in problems:
    print(p)
print(f'{len(shots)} screenshots checked')
sys.exit(1 if problems else 0)

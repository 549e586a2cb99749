#!/usr/bin/env python3
"""The baseline a user would script instead of mlreview: Python's own mailbox and email packages
read every mail of an mbox, decode it (headers and the text/plain body) and read its threading
headers. `npm run bench` runs it beside mlreview on the same file, in the same run.

Usage: python3 bench/baseline.py ARCHIVE.mbox[.gz]
Prints one JSON line: mails, bodies decoded, references read, wall seconds, peak RSS in MB.
"""
import email.policy
import gzip
import json
import mailbox
import os
import resource
import shutil
import sys
import tempfile
import time


def main(path):
    start = time.perf_counter()
    mbox_path = path
    temp = None
    if path.endswith('.gz'):
        # mailbox.mbox needs a seekable file: gunzip to a temporary one first (counted in the time).
        temp = tempfile.NamedTemporaryFile(suffix='.mbox', delete=False)
        with gzip.open(path, 'rb') as source:
            shutil.copyfileobj(source, temp)
        temp.close()
        mbox_path = temp.name
    mails = bodies = references = 0
    try:
        box = mailbox.mbox(mbox_path, factory=None, create=False)
        for key in box.iterkeys():
            raw = box.get_bytes(key)
            message = email.message_from_bytes(raw, policy=email.policy.default)
            mails += 1
            for header in ('Message-ID', 'In-Reply-To', 'Subject', 'From', 'Date'):
                try:
                    message.get(header)
                except Exception:
                    pass
            try:
                refs = message.get('References')
                if refs:
                    references += len(str(refs).split())
            except Exception:
                pass
            try:
                body = message.get_body(preferencelist=('plain', 'html'))
                if body is not None:
                    body.get_content()
                    bodies += 1
            except Exception:
                pass
    finally:
        if temp is not None:
            os.unlink(temp.name)
    wall = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({'mails': mails, 'bodies': bodies, 'references': references, 'wall': wall, 'peakMb': peak_mb}))


if __name__ == '__main__':
    main(sys.argv[1])

#!/usr/bin/env python3
import sqlite3, urllib.parse, subprocess, sys, time
# Usage: bench/meeting-save.py DATABASE.sqlite N  – writes body.txt: the meeting form of package 1
# of the generated plan 'synthetisch' with its first N open rows' notes changed (BENCHMARKS.md).
n = int(sys.argv[2])
db = sqlite3.connect(sys.argv[1])
rows = db.execute("""SELECT m.id, m.version, m.status, coalesce(strftime('%d.%m.%Y', m.forecast_on),''),
  coalesce(strftime('%d.%m.%Y', m.completed_on),''), m.public_note
  FROM milestone m JOIN measure_package p ON p.id=m.package_id JOIN plan ON plan.id=p.plan_id
  WHERE plan.slug='synthetisch' AND p.number=1 AND m.status IN ('offen','in_arbeit') ORDER BY m.sort_order, m.id""").fetchall()
pairs=[('plan','synthetisch'),('paket','1')]
for i,(id_,ver,st,fc,co,note) in enumerate(rows):
    new_note = note + f' Sitzung {time.time():.0f}.' if i < n else note
    for k,v in [('id',id_),('version',ver),('status',st),('forecast',fc),('completed',co),('note',new_note),
                ('forecast_category',''),('forecast_reason',''),('was_status',st),('was_forecast',fc),('was_completed',co),('was_note',note)]:
        pairs.append((f'rows[{i}][{k}]',str(v)))
body=urllib.parse.urlencode(pairs)
open('body.txt','w').write(body)
print(len(rows), 'rows,', n, 'changed,', len(body), 'bytes')

"""Scale out: two app processes behind nginx with sticky sessions, measured with bench.load against one.

    python -m bench.scale [--sessions 50,100] [--scale 1] [--think 1.0] [--no-save]

Starts two `streamlit run serve.py` replicas (app.py where there is no serve.py) on 127.0.0.1 sharing one server.cookieSecret, and Debian's nginx
(/usr/sbin/nginx, as an ordinary process with its own prefix under bench/out/nginx) in front of them: websocket
upgrade, sticky sessions by a cookie nginx sets on the first response (fg_route; open-source nginx has no `sticky`
directive, so `hash $fg_route consistent` picks the replica), /_stcore/health answered by the replicas. Every
session loads the page first and sends its cookies with the websocket, as a browser does. The same load then runs
against one replica directly. Reported: p50/p95/p99, errors, RSS of the replicas, and how nginx spread the sessions
(its access log: each route always to the same replica). Everything started here is stopped here, by pid.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import os
import secrets
import shutil
import signal
import subprocess
import time
from pathlib import Path

from bench.load import (
    HOST,
    SAME_MIX,
    drive,
    entry,
    free_port,
    line,
    measure,
    save_merged,
    served,
    session_plan,
    start_server,
    stop_server,
    wait_healthy,
)
from bench.run import OUT, app_pages, code_version, data_folder

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"

NGINX_CONF = """# bench.scale: two Fengong replicas behind nginx on 127.0.0.1 (the README's recipe, with ports filled in)
worker_processes 1;
error_log {dir}/error.log warn;
pid {dir}/nginx.pid;
events {{ worker_connections 4096; }}
http {{
  client_body_temp_path {dir}/body; proxy_temp_path {dir}/proxy; fastcgi_temp_path {dir}/fastcgi;
  uwsgi_temp_path {dir}/uwsgi; scgi_temp_path {dir}/scgi;
  log_format route '$fg_route $upstream_addr $status $request_uri';
  access_log {dir}/access.log route;

  # websocket upgrade for /_stcore/stream
  map $http_upgrade $connection_upgrade {{ default upgrade; '' close; }}
  # sticky sessions: a browser keeps the route nginx gave it; a new one gets a fresh random route
  map $cookie_fg_route $fg_route {{ "" $request_id; default $cookie_fg_route; }}

  upstream fengong {{
    hash $fg_route consistent;
    server {host}:{port_a} max_fails=3 fail_timeout=10s;
    server {host}:{port_b} max_fails=3 fail_timeout=10s;
  }}

  server {{
    listen {host}:{port};
    client_max_body_size 6m;  # the app's 5 MB upload limit, plus the form around it
    location / {{
      proxy_pass http://fengong;
      proxy_http_version 1.1;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection $connection_upgrade;
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_read_timeout 1h;
      proxy_buffering off;
      proxy_next_upstream error timeout;
      add_header Set-Cookie "fg_route=$fg_route; Path=/; HttpOnly; SameSite=Lax" always;
    }}
  }}
}}
"""


def start_nginx(port: int, port_a: int, port_b: int) -> tuple[subprocess.Popen, Path]:
    """nginx in the foreground (daemon off) with its own prefix, conf, logs and pid file under bench/out/nginx."""
    folder = OUT / "nginx"
    shutil.rmtree(folder, ignore_errors=True)
    for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    conf = folder / "nginx.conf"
    conf.write_text(NGINX_CONF.format(dir=folder, host=HOST, port=port, port_a=port_a, port_b=port_b), "utf-8")
    test = subprocess.run([NGINX, "-t", "-p", str(folder), "-c", str(conf), "-g", "daemon off;"],
                          capture_output=True, text=True, timeout=30)
    if test.returncode:
        raise SystemExit(f"nginx rejected {conf}:\n{test.stderr}")
    proc = subprocess.Popen([NGINX, "-p", str(folder), "-c", str(conf), "-g", "daemon off;"],
                            stdout=(folder / "stdout.log").open("w"), stderr=subprocess.STDOUT)
    if not wait_healthy(f"http://{HOST}:{port}", 60, proc):
        stop_nginx(proc)
        raise SystemExit(f"nginx did not answer on {port}; see {folder}/error.log")
    return proc, folder


def stop_nginx(proc: subprocess.Popen) -> None:
    """SIGQUIT: nginx's graceful stop of its own master and workers."""
    stop_server(proc, signal.SIGQUIT, 20)


def spread(access_log: Path) -> dict:
    """From nginx's log: requests per replica, and routes that reached more than one replica (must be none)."""
    per_upstream: collections.Counter = collections.Counter()
    routes: dict[str, set[str]] = collections.defaultdict(set)
    streams: collections.Counter = collections.Counter()
    for row in access_log.read_text("utf-8", "replace").splitlines():
        parts = row.split(" ")
        if len(parts) < 4 or parts[1] == "-":
            continue
        route, upstream, _, uri = parts[:4]
        per_upstream[upstream] += 1
        routes[route].add(upstream)
        if uri.startswith("/_stcore/stream"):
            streams[upstream] += 1
    return {"requests_per_replica": dict(per_upstream), "websockets_per_replica": dict(streams),
            "routes": len(routes), "routes_on_two_replicas": sum(len(v) > 1 for v in routes.values())}


def run(levels: list[int], scale: float, think_s: float, ramp_s: float) -> dict:
    folder, pages = data_folder(scale), app_pages()
    secret = secrets.token_hex(16)  # one cookieSecret for every replica: a cookie one signs, the other accepts
    ports = [free_port(), free_port()]
    env = {"STREAMLIT_SERVER_COOKIE_SECRET": secret}
    replicas = [start_server(folder, p, OUT / f"replica-{i}.log", env=env) for i, p in enumerate(ports)]
    out: dict = {"scale": scale, "think_s": think_s, "levels": levels}
    nginx = None
    try:
        port = free_port()
        nginx, nginx_dir = start_nginx(port, *ports)
        pids = [r.pid for r in replicas]
        for p in ports:  # both replicas warm (plan loaded, pages built once), so neither leg pays that alone
            asyncio.run(drive(f"http://{HOST}:{p}", [session_plan(0), session_plan(1)], pages, 0, 0))
        legs = (("two replicas behind nginx", f"http://{HOST}:{port}", pids),
                ("one replica, direct", f"http://{HOST}:{ports[0]}", pids[:1]))
        first = 0
        for name, base, leg_pids in legs:
            results = []
            for n in levels:
                first = -(-first // SAME_MIX) * SAME_MIX  # every level starts the same mix of languages and imports
                res = asyncio.run(measure(base, leg_pids, n, pages, think_s, ramp_s, folder, first=first,
                                          cookies=True))
                first += n
                print(f"{name}: {line(res)}", flush=True)
                results.append(res)
            out[name] = {"levels": results, "served_p95_1s": served(results)}
        out["nginx"] = spread(nginx_dir / "access.log")
        print(f"nginx spread: {out['nginx']}")
    finally:
        if nginx is not None:
            stop_nginx(nginx)
        for r in replicas:
            stop_server(r)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Two replicas behind nginx vs one, under bench.load.")
    ap.add_argument("--sessions", default="50,100", help="comma-separated session counts")
    ap.add_argument("--scale", type=float, default=1, help="plan size (k× the document)")
    ap.add_argument("--think", type=float, default=1.0, help="mean think time between clicks, s")
    ap.add_argument("--ramp", type=float, default=10.0, help="sessions start spread over this many seconds")
    ap.add_argument("--no-save", action="store_true", help="print only, leave bench/results.json alone")
    args = ap.parse_args(argv)
    if not Path(NGINX).exists():
        raise SystemExit("nginx not found (Debian: apt-get install nginx)")
    t0 = time.monotonic()
    load_before = os.getloadavg()
    report = {"commit": code_version(), "entry": entry().name, "cpus": os.cpu_count(),
              **run([int(x) for x in args.sessions.split(",") if x], args.scale, args.think, args.ramp)}
    report["load_avg_before"], report["load_avg_after"] = load_before, os.getloadavg()
    report["wall_s"] = round(time.monotonic() - t0, 1)
    if not args.no_save:
        save_merged("scale_out", {"scales": {f"{args.scale:g}": report}})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

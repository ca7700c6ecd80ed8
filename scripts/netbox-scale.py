#!/usr/bin/env python3
"""A NetBox list API of synthetic size, for measuring `patchbay import netbox` at scale:
DEVICES access switches of 50 interfaces each (48 x 1000base-t, 2 x 10gbase-x-sfpp, every
tenth cabled) over SITES sites, served NetBox 4 style with limit/offset paging (at most 1000 a
page), `next` links and the role, site, slug and device_id filters; any token is accepted.

    python3 scripts/netbox-scale.py --devices 2000 --port 18766 &
    NETBOX_TOKEN=x patchbay import netbox --url http://127.0.0.1:18766 \\
        --device-role access-switch --output /tmp/scale-inventory.json
"""
import argparse
import json
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlparse

parser = argparse.ArgumentParser()
parser.add_argument("--devices", type=int, default=2000)
parser.add_argument("--sites", type=int, default=40)
parser.add_argument("--port", type=int, default=18766)
options = parser.parse_args()
BASE = f"http://127.0.0.1:{options.port}"


def brief(ident, name, slug):
    return {"id": ident, "url": f"{BASE}/api/x/{ident}/", "display": name, "name": name,
            "slug": slug, "description": ""}


SITES = [{"id": s, "name": f"Site {s}", "slug": f"site-{s:03}",
          "status": {"value": "active", "label": "Active"},
          "region": brief(1, "Region", "region-1"), "custom_fields": {}}
         for s in range(1, options.sites + 1)]
DEVICES = [{"id": d, "name": f"asw-{d:05}", "role": brief(4, "Access Switch", "access-switch"),
            "site": brief(1 + d % options.sites, "", f"site-{1 + d % options.sites:03}"),
            "status": {"value": "active", "label": "Active"}, "custom_fields": {}}
           for d in range(1, options.devices + 1)]


def interfaces_of(device):
    out = []
    for n in range(50):
        ident = device * 100 + n
        kind = "1000base-t" if n < 48 else "10gbase-x-sfpp"
        name = f"GigabitEthernet1/0/{n + 1}" if n < 48 else f"TenGigabitEthernet1/1/{n - 47}"
        cabled = n % 10 == 0
        out.append({
            "id": ident, "url": f"{BASE}/api/dcim/interfaces/{ident}/",
            "display": name, "device": brief(device, f"asw-{device:05}", ""), "name": name,
            "type": {"value": kind, "label": kind}, "enabled": True, "mgmt_only": False,
            "mark_connected": False,
            "cable": {"id": ident, "url": "", "display": f"#{ident}", "label": ""} if cabled else None,
            "link_peers": [{"id": 1, "url": "", "display": "1", "name": "1"}] if cabled else [],
            "link_peers_type": "dcim.frontport" if cabled else None,
            "custom_fields": {}, "description": "", "tags": []})
    return out


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        url = urlparse(self.path)
        query = parse_qs(url.query)
        endpoint = url.path.strip("/").split("/")[-1]
        if endpoint == "sites":
            records = [s for s in SITES if "slug" not in query or s["slug"] in query["slug"]]
        elif endpoint == "devices":
            records = [d for d in DEVICES
                       if ("role" not in query or d["role"]["slug"] in query["role"])
                       and ("site" not in query or d["site"]["slug"] in query["site"])]
        elif endpoint == "interfaces":
            ids = [int(i) for i in query.get("device_id", [])] or [d["id"] for d in DEVICES]
            records = [i for d in ids if 1 <= d <= options.devices for i in interfaces_of(d)]
        else:
            self.send_response(404)
            self.end_headers()
            return
        limit = min(int(query.get("limit", ["50"])[0]), 1000)
        offset = int(query.get("offset", ["0"])[0])
        page = records[offset:offset + limit]
        rest = {k: v for k, v in query.items() if k not in ("limit", "offset")}

        def link(at):
            return f"{BASE}{url.path}?" + urlencode({**rest, "limit": [limit], "offset": [at]},
                                                    doseq=True)
        body = json.dumps({"count": len(records),
                           "next": link(offset + limit) if offset + limit < len(records) else None,
                           "previous": None, "results": page}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


ThreadingHTTPServer(("127.0.0.1", options.port), Handler).serve_forever()

"""The live-scan figure (`run.py --live N`): `cfguard check --aws` of N distributions served by
moto's CloudFront API server on 127.0.0.1, with the fetch concurrency cfguard uses. Loopback
answers in about a millisecond where the real API takes tens, so `--live-latency MS` also puts a
proxy in front that holds each answer MS milliseconds: the figure a real account's round trips
give, and what the bounded pool of fetches saves over one at a time (N x MS)."""

from __future__ import annotations

import copy
import http.client
import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

CREDENTIALS = {"AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench"}
_ORIGIN = {
    "Id": "site",
    "DomainName": "origin.example.com",
    "CustomOriginConfig": {
        "HTTPPort": 80,
        "HTTPSPort": 443,
        "OriginProtocolPolicy": "https-only",
        "OriginSslProtocols": {"Quantity": 1, "Items": ["TLSv1.2"]},
    },
}
_CONFIG: dict[str, Any] = {
    "Comment": "bench",
    "Enabled": True,
    "Origins": {"Quantity": 1, "Items": [_ORIGIN]},
    "DefaultCacheBehavior": {
        "TargetOriginId": "site",
        "ViewerProtocolPolicy": "redirect-to-https",
        "CachePolicyId": "658327ea-f89d-4fab-a63d-7e88639e58f6",
    },
}


def _config(index: int) -> dict[str, Any]:
    """Distribution `index`: a third allow HTTP, a third offer TLSv1 to the origin."""
    config = copy.deepcopy(_CONFIG)
    config["CallerReference"] = f"bench-{index}"
    if index % 3 == 1:
        config["DefaultCacheBehavior"]["ViewerProtocolPolicy"] = "allow-all"
    elif index % 3 == 2:
        protocols = {"Quantity": 2, "Items": ["TLSv1", "TLSv1.2"]}
        config["Origins"]["Items"][0]["CustomOriginConfig"]["OriginSslProtocols"] = protocols
    return config


@contextmanager
def _server(count: int) -> Iterator[str]:
    import boto3
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    try:
        host, port = server.get_host_and_port()
        url = f"http://{host}:{port}"
        keys = {"aws_access_key_id": "bench", "aws_secret_access_key": "bench"}
        client = boto3.client("cloudfront", endpoint_url=url, region_name="us-east-1", **keys)
        for index in range(count):
            client.create_distribution(DistributionConfig=_config(index))
        yield url
    finally:
        server.stop()


@contextmanager
def _delayed(upstream: str, seconds: float) -> Iterator[str]:
    """A proxy that holds every answer `seconds` (as many at once as are asked)."""
    target = urlsplit(upstream)

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            connection = http.client.HTTPConnection(
                target.hostname or "127.0.0.1", target.port, timeout=60
            )
            connection.request("GET", self.path, headers=dict(self.headers.items()))
            answer = connection.getresponse()
            body = answer.read()
            connection.close()
            time.sleep(seconds)
            self.send_response(answer.status)
            self.send_header("Content-Type", answer.getheader("Content-Type") or "text/xml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    proxy = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=proxy.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{proxy.server_address[1]}"
    finally:
        proxy.shutdown()
        proxy.server_close()


def live_figure(
    cfguard: list[str],
    count: int,
    root: Path,
    *,
    env: dict[str, str],
    repeat: int,
    latency_ms: float,
    run_once: Callable[..., Any],
    median_of: Callable[..., Any],
) -> dict[str, Any]:
    from cfguard.live.client import CONCURRENCY

    aws = {k: v for k, v in env.items() if not k.startswith("AWS_")} | CREDENTIALS
    aws |= {"AWS_CONFIG_FILE": os.devnull, "AWS_SHARED_CREDENTIALS_FILE": os.devnull}
    figure: dict[str, Any] = {"distributions": count, "concurrency": CONCURRENCY}
    with _server(count) as url:
        command = [*cfguard, "check", "--aws", "--endpoint-url", url]
        runs = [run_once(command, root, aws) for _ in range(repeat)]
        figure["loopback"] = median_of(runs)
        if latency_ms:
            with _delayed(url, latency_ms / 1000) as slow:
                runs = [
                    run_once([*cfguard, "check", "--aws", "--endpoint-url", slow], root, aws)
                    for _ in range(repeat)
                ]
            figure["latency_ms"] = latency_ms
            figure["delayed"] = median_of(runs)
    return figure


def live_lines(figure: dict[str, Any]) -> list[str]:
    count, pool = figure["distributions"], figure["concurrency"]
    lines = [f"Live scan (cfguard check --aws, {count} distributions, {pool} fetches at once):"]
    loopback = figure["loopback"]
    lines.append(
        f"  moto on loopback:        {loopback.wall:6.2f} s  {count / loopback.wall:7.1f} "
        f"distributions/s  peak {loopback.rss_mb or 0:.0f} MB  exit {loopback.exit_code}"
    )
    if "delayed" in figure:
        delayed, latency = figure["delayed"], figure["latency_ms"]
        serial = (count + 1) * latency / 1000
        lines.append(
            f"  {latency:.0f} ms per call:          {delayed.wall:6.2f} s  "
            f"{count / delayed.wall:7.1f} distributions/s  (one call at a time: {serial:.1f} s)"
        )
    return lines

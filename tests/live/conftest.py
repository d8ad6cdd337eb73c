"""A real CloudFront API endpoint on the loopback interface (moto's server, started and stopped
here), the fault-injecting proxy in front of it, three distributions created through boto3, and
a `cfguard` process that sees only test credentials.

moto's CloudFront drops `S3OriginConfig` and keeps `CloudFrontDefaultCertificate` true whatever
certificate is given, so these distributions use a custom origin and the default certificate:
nothing here depends on what moto rewrites, and CFG103 (the default certificate accepts TLS 1.0)
is a true finding for each of them.
"""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import boto3
import pytest
from moto.server import ThreadedMotoServer

from tests.conftest import REPO, Run
from tests.live.proxy import Proxy

#: A clean distribution: HTTPS to viewers (redirect) and to its origin (TLS 1.2 only).
CLEAN: dict[str, Any] = {
    "CallerReference": "cfguard-clean",
    "Comment": "clean",
    "Enabled": True,
    "Origins": {
        "Quantity": 1,
        "Items": [
            {
                "Id": "site",
                "DomainName": "origin.example.com",
                "CustomOriginConfig": {
                    "HTTPPort": 80,
                    "HTTPSPort": 443,
                    "OriginProtocolPolicy": "https-only",
                    "OriginSslProtocols": {"Quantity": 1, "Items": ["TLSv1.2"]},
                },
            }
        ],
    },
    "DefaultCacheBehavior": {
        "TargetOriginId": "site",
        "ViewerProtocolPolicy": "redirect-to-https",
        "CachePolicyId": "658327ea-f89d-4fab-a63d-7e88639e58f6",
    },
}


def _variant(reference: str, change: Any) -> dict[str, Any]:
    config = copy.deepcopy(CLEAN)
    config["CallerReference"] = f"cfguard-{reference}"
    config["Comment"] = reference
    change(config)
    return config


def _allow_all(config: dict[str, Any]) -> None:
    config["DefaultCacheBehavior"]["ViewerProtocolPolicy"] = "allow-all"


def _weak_origin(config: dict[str, Any]) -> None:
    origin = config["Origins"]["Items"][0]["CustomOriginConfig"]
    origin["OriginSslProtocols"] = {"Quantity": 2, "Items": ["TLSv1", "TLSv1.2"]}


CONFIGS = {
    "clean": CLEAN,
    "allow-all": _variant("allow-all", _allow_all),
    "weak-origin": _variant("weak-origin", _weak_origin),
}
#: What each distribution must report, and nothing else (CFG303: logging is off in all three).
EXPECTED_RULES = {
    "clean": {"CFG103", "CFG303"},
    "allow-all": {"CFG101", "CFG103", "CFG303"},
    "weak-origin": {"CFG402", "CFG103", "CFG303"},
}
CREDENTIALS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}


@dataclass(frozen=True)
class Live:
    id: str
    arn: str


@dataclass
class Account:
    endpoint: str  # the proxy, which cfguard is pointed at
    server: str  # moto itself, for the test's own calls
    proxy: Proxy
    distributions: dict[str, Live]

    def client(self) -> Any:
        return boto3.client(
            "cloudfront", endpoint_url=self.server, region_name="us-east-1", **_keys()
        )

    def rendered(self, name: str) -> str:
        """What `aws cloudfront get-distribution-config` prints for distribution `name`."""
        answer = self.client().get_distribution_config(Id=self.distributions[name].id)
        document = {"ETag": answer["ETag"], "DistributionConfig": answer["DistributionConfig"]}
        return json.dumps(document, indent=4, ensure_ascii=False) + "\n"


def _keys() -> dict[str, str]:
    return {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}


@pytest.fixture(scope="session")
def moto_endpoint() -> Iterator[str]:
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def account(moto_endpoint: str) -> Iterator[Account]:
    reset = urllib.request.Request(f"{moto_endpoint}/moto-api/reset", method="POST")
    urllib.request.urlopen(reset, timeout=10).close()
    client = boto3.client(
        "cloudfront", endpoint_url=moto_endpoint, region_name="us-east-1", **_keys()
    )
    made = {}
    for name, config in CONFIGS.items():
        created = client.create_distribution(DistributionConfig=config)["Distribution"]
        made[name] = Live(created["Id"], created["ARN"])
    proxy = Proxy(moto_endpoint)
    endpoint = proxy.start()
    yield Account(endpoint, moto_endpoint, proxy, made)
    proxy.stop()


def aws_environment(**extra: str) -> dict[str, str]:
    """The environment of a user with test credentials and no AWS configuration files: nothing
    the machine running the tests has configured can leak in."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("AWS_") and key not in {"CI", "GITHUB_ACTIONS"}
    }
    environment |= {
        "NO_COLOR": "1",
        "AWS_CONFIG_FILE": os.devnull,
        "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
        "AWS_EC2_METADATA_DISABLED": "true",
        **CREDENTIALS,
    }
    return environment | extra


def live_cfguard(
    *args: str | os.PathLike[str],
    environment: dict[str, str] | None = None,
    cwd: Path | None = None,
    timeout: float = 120,
) -> Run:
    """The real `cfguard` process, as a user runs it."""
    proc = subprocess.run(
        [sys.executable, "-m", "cfguard", *map(str, args)],
        cwd=cwd or REPO,
        input=b"",
        capture_output=True,
        env=environment if environment is not None else aws_environment(),
        timeout=timeout,
        check=False,
    )
    return Run(proc.returncode, proc.stdout.decode(), proc.stderr.decode())


def findings(run: Run) -> list[dict[str, Any]]:
    """The findings of a `--format json` report."""
    return [
        {**finding, "file": entry["path"]}
        for entry in json.loads(run.out)["files"]
        for finding in entry["findings"]
    ]

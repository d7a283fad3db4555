"""A UCWA client on requests, written as a user would: no proxy or CA settings of its own.
Usage: python3 python-requests-client.py ROOT_URL [EXIT_CODE]"""
import sys

import requests

from ucwa_conversation import hold_conversation

session = requests.Session()


def send(method, url, headers, body):
    response = session.request(method, url, headers=headers, data=body, timeout=60)
    return response.status_code, {k.lower(): v for k, v in response.headers.items()}, response.text


hold_conversation(send, sys.argv[1])
sys.exit(int(sys.argv[2]) if len(sys.argv) > 2 else 0)

"""A UCWA client on the standard library's urllib, written as a user would: no proxy or CA settings of its own.
Usage: python3 python-urllib-client.py ROOT_URL [EXIT_CODE]"""
import sys
import urllib.error
import urllib.request

from ucwa_conversation import hold_conversation


def send(method, url, headers, body):
    request = urllib.request.Request(url, data=body, headers=headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}, error.read().decode()


hold_conversation(send, sys.argv[1])
sys.exit(int(sys.argv[2]) if len(sys.argv) > 2 else 0)

#!/usr/bin/env python3
"""The messaging-client benchmark's work, done with the Python argo-ams-library.

Publishes --messages messages (default 100000) in batches of --batch (100), each
"<n>:" + 200 x "x" with the attribute n=1, then pulls and acks them all in batches
of the same size (pull_sub with return_immediately=True, ack_sub of the last ackId,
data base64-decoded), against an AMS (simulator) over HTTPS. Then it cross-checks
the server with the library's own calls (has_topic, get_sub, pullack_sub,
getoffsets_sub) and prints one JSON object on stdout:

  {"messages_per_s", "seconds", "cpu_s", "peak_rss_mb", "messages", "batch", "check", ...}

The library only speaks https: pass --ca with the server's certificate (it sets
REQUESTS_CA_BUNDLE), or --insecure (verify=False on every call).

  python3 ams_publish_pull.py --endpoint 127.0.0.1:8443 --token T --project P --ca cert.pem

Exit status 3 when argo_ams_library cannot be imported (put it on PYTHONPATH).
"""

import argparse
import json
import os
import resource
import sys
import time

PAYLOAD = "x" * 200


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--endpoint", required=True, help="host:port of the AMS, no scheme")
    p.add_argument("--token", required=True)
    p.add_argument("--project", required=True)
    p.add_argument("--messages", type=int, default=100000)
    p.add_argument("--batch", type=int, default=100)
    p.add_argument("--ca", help="PEM certificate to trust (sets REQUESTS_CA_BUNDLE)")
    p.add_argument("--insecure", action="store_true", help="verify=False on every call")
    return p.parse_args(argv)


def drain(ams, sub, total, batch, reqkwargs):
    pulled = 0
    while pulled < total:
        received = ams.pull_sub(sub, batch, True, **reqkwargs)
        if not received:
            raise SystemExit("backlog empty after {0} of {1}".format(pulled, total))
        for _ack_id, message in received:
            message.get_data()
        ams.ack_sub(sub, [received[-1][0]], **reqkwargs)
        pulled += len(received)
    return pulled


def cross_check(ams, lib, topic, sub, total, reqkwargs):
    """The library's own calls against the server after the drain; returns a list of problems."""
    problems = []

    def expect(what, got, want):
        if got != want:
            problems.append("{0}: got {1!r}, want {2!r}".format(what, got, want))

    offsets = ams.getoffsets_sub(sub, **reqkwargs)
    expect("offsets after the drain", offsets, {"max": total, "min": 0, "current": total})
    expect("has_topic(missing)", ams.has_topic("missing" + topic, **reqkwargs), False)
    expect("get_sub topic", ams.get_sub(sub, **reqkwargs)["topic"],
           "/projects/{0}/topics/{1}".format(ams.project, topic))
    ids = ams.publish(topic, [lib.AmsMessage(data="check-{0}".format(i), attributes={"k": str(i)})
                              for i in range(3)], **reqkwargs)
    expect("publish ids", ids, {"messageIds": [str(total + i) for i in range(3)]})
    messages = ams.pullack_sub(sub, 3, True, **reqkwargs)
    expect("pullack data", [m.get_data() for m in messages],
           [("check-{0}".format(i)).encode() for i in range(3)])
    expect("pullack attributes", [m.get_attr() for m in messages],
           [{"k": str(i)} for i in range(3)])
    expect("pullack ids", [m.get_msgid() for m in messages], [str(total + i) for i in range(3)])
    expect("current after pullack", ams.getoffsets_sub(sub, "current", **reqkwargs), total + 3)
    expect("pull of an empty backlog", ams.pull_sub(sub, 10, True, **reqkwargs), [])
    return problems


def main(argv):
    args = parse_args(argv)
    if args.ca:
        os.environ["REQUESTS_CA_BUNDLE"] = args.ca
    try:
        import argo_ams_library as lib
    except ImportError as e:
        print(json.dumps({"error": "argo_ams_library is not importable: {0}".format(e)}))
        return 3
    reqkwargs = {"verify": False} if args.insecure else {}
    if args.insecure:
        import urllib3
        urllib3.disable_warnings()

    ams = lib.ArgoMessagingService(endpoint=args.endpoint, token=args.token, project=args.project)
    suffix = str(int(time.time() * 1000))
    topic, sub = "pyt" + suffix, "pys" + suffix
    ams.create_topic(topic, **reqkwargs)
    ams.create_sub(sub, topic, ackdeadline=60, **reqkwargs)

    total, batch = args.messages, args.batch
    started, cpu_started = time.perf_counter(), time.process_time()
    for i in range(0, total, batch):
        messages = [lib.AmsMessage(data="{0}:{1}".format(i + k, PAYLOAD), attributes={"n": "1"})
                    for k in range(min(batch, total - i))]
        ams.publish(topic, messages, **reqkwargs)
    drain(ams, sub, total, batch, reqkwargs)
    seconds = time.perf_counter() - started
    cpu = time.process_time() - cpu_started

    problems = cross_check(ams, lib, topic, sub, total, reqkwargs)
    print(json.dumps({
        "client": "argo-ams-library",
        "library_file": lib.__file__,
        "python": sys.version.split()[0],
        "messages": total,
        "batch": batch,
        "seconds": round(seconds, 3),
        "messages_per_s": round(total * 2 / seconds, 1),
        "cpu_s": round(cpu, 3),
        "cpu_us_per_message": round(cpu / total / 2 * 1e6, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "check": "ok" if not problems else problems,
    }))
    return 0 if not problems else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

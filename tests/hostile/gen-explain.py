#!/usr/bin/env python3
"""Write the hostile explain inputs of crates/ordinal-core/tests/explain_bounds.rs
as YAML, for measuring `ordinal explain` (time and peak RSS with
`/usr/bin/time -v`); the tests build the same inputs in memory.

  gen-explain.py replicas [COUNT [REPLICAS]]  COUNT StatefulSets (40) of REPLICAS pods (1000)
                                             under one headless Service: about 10 KB
  gen-explain.py apps [COUNT]                 COUNT tiny apps (32000), each a headless
                                             Service and a one-pod StatefulSet

The YAML goes to standard output.
"""

import sys


def replicas(count, pods):
    out = ["apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n"
           "  clusterIP: None\n  selector: {app: web}\n  ports: [{name: http, port: 80}]\n"]
    for index in range(count):
        out.append(
            f"---\napiVersion: apps/v1\nkind: StatefulSet\nmetadata: {{name: web{index}}}\nspec:\n"
            f"  serviceName: web\n  replicas: {pods}\n  selector: {{matchLabels: {{app: web}}}}\n"
            "  template:\n    metadata: {labels: {app: web}}\n"
            "    spec: {containers: [{name: c, image: nginx}]}\n")
    return "".join(out)


def apps(count):
    out = []
    for index in range(count):
        out.append(
            f"---\napiVersion: v1\nkind: Service\nmetadata: {{name: app{index}}}\n"
            f"spec: {{clusterIP: None, selector: {{app: app{index}}}}}\n"
            f"---\napiVersion: apps/v1\nkind: StatefulSet\nmetadata: {{name: app{index}}}\nspec:\n"
            f"  serviceName: app{index}\n  replicas: 1\n  selector: {{matchLabels: {{app: app{index}}}}}\n"
            f"  template:\n    metadata: {{labels: {{app: app{index}}}}}\n"
            "    spec: {containers: [{name: c, image: nginx}]}\n")
    return "".join(out)


def main(argv):
    if len(argv) < 2 or argv[1] not in ("replicas", "apps"):
        sys.exit(__doc__)
    numbers = [int(arg) for arg in argv[2:]]
    if argv[1] == "replicas":
        sys.stdout.write(replicas(*(numbers + [40, 1000][len(numbers):])))
    else:
        sys.stdout.write(apps(*(numbers or [32000])))


if __name__ == "__main__":
    main(sys.argv)

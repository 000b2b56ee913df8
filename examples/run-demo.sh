#!/usr/bin/env bash
# Builds the bundled example project into .demo/shop (git-ignored) and runs `firebreak respond` on it.
# Extra arguments go to respond, e.g. examples/run-demo.sh --execute
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf .demo
examples/make-example.sh .demo/shop
dotnet run --project src/Firebreak.Cli -c Release -- respond INC-DEMO-1 .demo/shop "$@"
echo
echo "The incident record is in .demo/shop/.aiwg/incidents/INC-DEMO-1/ (delete .demo/ when done)."

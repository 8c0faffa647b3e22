#!/usr/bin/env bash
# The quickstart: builds conclave, starts a node on embedded LevelDB under
# .quickstart/, and runs a whole staff conference through the CLI — 32
# members, 3 trustees (any 2 decrypt; one stays away from the tally), a
# resolution, an election, a collective agreement and a consultation with
# comments and published responses — then verifies a receipt, writes the
# minutes, and leaves the node running for you to explore.
#   tools/quickstart.sh        (run it again: it starts clean)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
Q="$ROOT/.quickstart"
JOBS=${JOBS:-$(nproc)}

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

say "Installing dependencies and building (Release)"
bash tools/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DCONCLAVE_BENCHMARKS=OFF >/dev/null
cmake --build build -j"$JOBS" --target conclaved conclave
CONCLAVED="$ROOT/build/node/conclaved"
CONCLAVE="$ROOT/build/client/conclave"

# Start clean: stop a node left by an earlier run and remove its files.
if [ -f "$Q/node.pid" ]; then kill "$(cat "$Q/node.pid")" 2>/dev/null || true; sleep 1; fi
rm -rf "$Q"
mkdir -p "$Q/keys"

say "Keys: the organizer's (sealed with a passphrase) and one per member"
export CONCLAVE_PASSPHRASE="quickstart organizer passphrase"
"$CONCLAVE" key new --out "$Q/keys/organizer.key" --name "Giám đốc Sở Tư pháp" >/dev/null
for i in $(seq -w 1 32); do
  "$CONCLAVE" key new --out "$Q/keys/S$i.key" --name "S$i" --no-passphrase >/dev/null
done
echo "33 key files in $Q/keys"

say "Node: conclaved init + run (LevelDB in $Q/node/log)"
"$CONCLAVED" init --dir "$Q/node" --origin conclave.vn/hue/so-tu-phap \
  --unit-name "Sở Tư pháp tỉnh Thừa Thiên Huế" --organizer-key "$Q/keys/organizer.key"
"$CONCLAVED" run --dir "$Q/node" --listen 127.0.0.1:0 --port-file "$Q/port" >"$Q/node.log" 2>&1 &
echo $! >"$Q/node.pid"
for _ in $(seq 1 100); do [ -s "$Q/port" ] && break; sleep 0.1; done
[ -s "$Q/port" ] || { echo "the node did not start:"; cat "$Q/node.log"; exit 1; }
NODE="127.0.0.1:$(cat "$Q/port")"
c() { "$CONCLAVE" --node "$NODE" "$@"; }
echo "node serving on $NODE"

say "Members: register 32 staff from CSV, each enrolls a key with a one-time code"
c member add --organizer "$Q/keys/organizer.key" --csv examples/staff.csv --codes-out "$Q/codes.csv" | head -3
echo "… (codes saved to $Q/codes.csv)"
tail -n +2 "$Q/codes.csv" | while IFS=, read -r id _ code; do
  code=${code##*,}
  c member enroll --id "$id" --code "$code" --key "$Q/keys/$id.key" >/dev/null
done
c member list | head -3

say "Conference: created from examples/agenda.yaml"
CID=$(c conference create --organizer "$Q/keys/organizer.key" --agenda examples/agenda.yaml)
echo "conference id: $CID"

say "Key ceremony: the three trustees run their rounds at the same time"
pids=()
for t in S01 S02 S03; do
  c trustee ceremony --conference "$CID" --key "$Q/keys/$t.key" --timeout 120 >"$Q/ceremony-$t.log" 2>&1 &
  pids+=($!)
done
for p in "${pids[@]}"; do wait "$p" || { cat "$Q"/ceremony-*.log; exit 1; }; done
tail -q -n 1 "$Q"/ceremony-*.log

say "Check-in: 28 of 32 present (quorum is 22)"
for i in $(seq -w 1 28); do c checkin --conference "$CID" --key "$Q/keys/S$i.key" >/dev/null; done
c checkin --conference "$CID" --key "$Q/keys/S28.key" 2>&1 | sed 's/^/(double check-in refused) /' || true

say "Consultation c1 opens (its window runs while the other items are voted)"
c item open --conference "$CID" --item c1 --organizer "$Q/keys/organizer.key"
c respond --conference "$CID" --item c1 --key "$Q/keys/S06.key" --section 1=agree --section 2=disagree --section 3=agree \
  --comment "2=Đề nghị nâng mức chi công tác phí cho cán bộ đi cơ sở xa." >/dev/null
c respond --conference "$CID" --item c1 --key "$Q/keys/S08.key" --section 1=agree --section 2=agree --section 3=abstain \
  --comment "3=Đề nghị bổ sung chi thăm hỏi khi ốm đau." >/dev/null
for i in 10 11 12 13 14 30; do
  c respond --conference "$CID" --item c1 --key "$Q/keys/S$i.key" --section 1=agree --section 2=agree --section 3=agree >/dev/null
done
OPENED=$(date +%s)

vote_all() {  # item, then one choice per member S01..S28
  local item=$1; shift
  local i=1
  for choice in "$@"; do
    local id; id=$(printf 'S%02d' "$i")
    c vote --conference "$CID" --item "$item" --key "$Q/keys/$id.key" --choice "$choice" >/dev/null
    i=$((i + 1))
  done
}
tally() {  # item: trustees S01 and S03 decrypt, S02 is away
  c item close --conference "$CID" --item "$1" --organizer "$Q/keys/organizer.key" >/dev/null
  c trustee decrypt --conference "$CID" --item "$1" --key "$Q/keys/S01.key"
  c trustee decrypt --conference "$CID" --item "$1" --key "$Q/keys/S03.key"
  c item tally --conference "$CID" --item "$1" --organizer "$Q/keys/organizer.key"
}

say "Resolution r1: 20 approve, 4 reject, 3 abstain, 1 blank"
c item open --conference "$CID" --item r1 --organizer "$Q/keys/organizer.key" >/dev/null
vote_all r1 $(printf 'approve %.0s' $(seq 20)) reject reject reject reject abstain abstain abstain blank
# S01 first asks for a Benaloh check of a ballot (spoiled, never counted), then votes again.
c vote --conference "$CID" --item r1 --key "$Q/keys/S01.key" --choice approve --spoil
c vote --conference "$CID" --item r1 --key "$Q/keys/S01.key" --choice approve --receipt "$Q/receipt-S01-r1.json"
tally r1

say "Election e1: 3 seats among S04, S07, S09, S12, S15"
c item open --conference "$CID" --item e1 --organizer "$Q/keys/organizer.key" >/dev/null
vote_all e1 $(for i in $(seq 1 28); do
  case $((i % 4)) in
    0) echo S04,S07,S09 ;; 1) echo S04,S07,S12 ;; 2) echo S04,S09,S15 ;; 3) echo S07,S09 ;;
  esac; done)
tally e1

say "Collective agreement a1: needs more than half of the whole roster (17 of 32)"
c item open --conference "$CID" --item a1 --organizer "$Q/keys/organizer.key" >/dev/null
vote_all a1 $(printf 'approve %.0s' $(seq 18)) $(printf 'reject %.0s' $(seq 6)) abstain abstain blank blank
tally a1

say "Consultation c1: wait for its window, close, tally, answer the comments"
while [ $(( $(date +%s) - OPENED )) -lt 22 ]; do sleep 1; done
tally c1
codes=$(c --json result --conference "$CID" --item c1 | grep -o '"tracking_code": *"[a-z2-7]*"' | sed 's/.*"\([a-z2-7]*\)"$/\1/')
set -- $codes
cat >"$Q/responses.yaml" <<YAML
- {comment: $1, section: 2, decision: accepted, text: "Tiếp thu: Điều 2 nâng mức chi công tác phí cho địa bàn cách trụ sở trên 100 km."}
- {comment: $2, section: 3, decision: explained, text: "Giải trình: chi thăm hỏi ốm đau đã quy định tại Quy chế của Công đoàn, không đưa vào Quy chế này."}
YAML
c respond-to-comments --conference "$CID" --item c1 --organizer "$Q/keys/organizer.key" --file "$Q/responses.yaml"
c result --conference "$CID" --item c1

say "Receipt: S01 verifies that its ballot is still in the log"
c receipt verify "$Q/receipt-S01-r1.json"

say "Minutes (biên bản), signed by the organizer and the secretary (S05)"
c minutes --conference "$CID" --organizer "$Q/keys/organizer.key" --secretary "$Q/keys/S05.key" \
  --md "$Q/minutes.md" --html "$Q/minutes.html"

say "Done. The node is still running on $NODE (pid $(cat "$Q/node.pid"))."
cat <<TXT
Try the CLI against it:
  $CONCLAVE --node $NODE conference show --conference $CID
  $CONCLAVE --node $NODE result --conference $CID --item e1 --json
  $CONCLAVE --node $NODE log checkpoint
  $CONCLAVE --node $NODE log entries --from 0 --to 10
  $CONCLAVE --node $NODE log proof --index 5
  $CONCLAVE --node $NODE receipt verify $Q/receipt-S01-r1.json
Minutes: $Q/minutes.md and $Q/minutes.html
Stop the node: kill $(cat "$Q/node.pid")
TXT

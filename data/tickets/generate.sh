#!/usr/bin/env bash
# Generates data/tickets/tickets.csv from templates.txt, deterministically.
# Uses its own Park-Miller random generator inside awk, so the output is identical
# with any POSIX awk (gawk, mawk, busybox) for the same SEED.
# Usage: data/tickets/generate.sh            (SEED=20261001 by default)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
SEED="${SEED:-20261001}"
LC_ALL=C awk -v seed="$SEED" -v ambout="$here/ambiguous_ids.txt" -F'|' '
function rnd() { state = (state * 16807) % 2147483647; return state / 2147483647 }
function ri(n) { return int(rnd() * n) }                 # 0..n-1
function pick(list,   a, k) { k = split(list, a, ";"); return a[ri(k) + 1] }
function commas(n,   s, out) {
  s = sprintf("%d", n); out = ""
  while (length(s) > 3) { out = "," substr(s, length(s) - 2) out; s = substr(s, 1, length(s) - 3) }
  return s out
}
function money(lo, hi,   v, style) {
  v = lo + rnd() * (hi - lo); style = ri(10)
  if (style < 6) return "$" commas(int(v)) sprintf(".%02d", ri(100))
  if (style < 9) return "$" commas(int(v))
  return commas(int(v)) " dollars"
}
function slot(name) {
  if (name == "amt") return money(4, 480)
  if (name == "amt2") return money(150, 3000)
  if (name == "bigamt") return "$" commas(1500 + ri(465) * 100)
  if (name == "smallamt") return "$" (1 + ri(48)) sprintf(".%02d", ri(100))
  if (name == "amt225") return "$225"
  if (name == "wirefee") return pick("$25;$45;$30")
  if (name == "merchant") return pick("FreshMart;QuickFuel;the Corner Deli;Luna Cafe;PetPlanet;Metro Pharmacy;Sunset Grill;ValueMax;Green Leaf Grocery;BrightHome Hardware;the airport parking garage;Harbor Cinemas;Oak Street Bakery;TrueFit Gym;a food truck")
  if (name == "online_merchant") return pick("StreamBox;ShopNest;GadgetHub;FlyAway Travel;TuneWave;FitLife;CloudVault;QuickEats;BookBarn;GameForge;StyleLane;HomeGoods Direct")
  if (name == "descriptor") return pick("SQ *JMK HOLDINGS;PAYPRO*AC 8842;TST* BLUE OAK;NWX MKTPL 0921;DIGI SVC 4410;RCR*SUBSCR 77;POS 5521 EDGEWTR")
  if (name == "date") return pick("yesterday;today;this morning;last night;on Monday;last Friday;on the 3rd;on Nov 12;two days ago;over the weekend;on 11/18;earlier today;on Tuesday")
  if (name == "date2") return pick("two weeks ago;on Oct 28;last month;3 weeks ago;on the 2nd;ten days ago")
  if (name == "device") return pick("iPhone 15;iPhone 12;iPhone SE;Pixel 8;Pixel 6a;Galaxy S23;Galaxy A14;OnePlus 11;Moto G Power;iPad Air;iPhone 14 Pro")
  if (name == "appver") return pick("7.12.0;7.12.1;7.11.3;7.13.0;7.10.2;7.13.1")
  if (name == "city") return pick("Wilmington;Dover;Philadelphia;Baltimore;Newark;Trenton;Richmond;Pittsburgh;Annapolis;Lancaster;Allentown;Camden")
  if (name == "country") return pick("Mexico;Canada;Portugal;Japan;Italy;the UK;Germany;Thailand;Colombia;India;France;Spain;Greece;Brazil")
  if (name == "last4") return sprintf("%04d", ri(10000))
  if (name == "ticker") return pick("NWTC;BLZR;QMX;HRBR;TNDR;OKLA;VRDN;SLTX;MPLE;CRSTF;ZEPH;KAYO")
  if (name == "qty") return 1 + ri(300)
  if (name == "price") return "$" (3 + ri(400)) sprintf(".%02d", ri(100))
  if (name == "name") return pick("Priya;Marcus;Jen;Daniel;Aisha;Tom;Rosa;Kevin;Mei;Sam;Lucia;Omar")
  if (name == "bank") return pick("my credit union;First Harbor Bank;Lakeside Credit Union;Pinecrest Bank;my old bank;Summit Federal")
  if (name == "payee") return pick("the electric company;Harbor Water;my landlord;City Gas and Power;my phone company;Valley Internet;the car insurance")
  if (name == "weekday") return pick("Monday;Tuesday;Wednesday;Thursday;Friday")
  if (name == "month") return pick("January;February;March;April;May;June;July;August;September;October")
  if (name == "n") return 2 + ri(5)
  if (name == "mins") return 35 + ri(60)
  if (name == "years") return 3 + ri(23)
  if (name == "caseno") return "CR-" sprintf("%06d", ri(1000000))
  if (name == "checkno") return 1001 + ri(450)
  if (name == "time") return pick("7:15 PM;6:45 AM;11 PM;Saturday morning;8:30 PM;5 AM")
  if (name == "browser") return pick("Chrome;Safari;Firefox;Edge")
  if (name == "time_word") return pick("ten minutes;an hour;the last hour;a few minutes;20 minutes")
  if (name == "day") return 1 + ri(28)
  if (name == "day2") return 1 + ri(28)
  return "{" name "}"
}
# Expand [a~b~c] alternatives, then {slot} placeholders.
function fill(t,   s, e, inner, a, k) {
  while ((s = index(t, "[")) > 0) {
    e = index(substr(t, s), "]"); if (e == 0) break
    inner = substr(t, s + 1, e - 2); k = split(inner, a, "~")
    t = substr(t, 1, s - 1) a[ri(k) + 1] substr(t, s + e)
  }
  while ((s = index(t, "{")) > 0) {
    e = index(substr(t, s), "}"); if (e == 0) break
    t = substr(t, 1, s - 1) slot(substr(t, s + 1, e - 2)) substr(t, s + e)
  }
  return t
}
function opener(p) {
  if (ri(100) < 35) return ""
  if (p == "urgent" && ri(3) == 0) return pick("URGENT: ;Please help ASAP - ;EMERGENCY. ;Help!! ")
  return pick("Hi, ;Hello, ;hey ;Good morning. ;Hi there - ;To whom it may concern, ;Hello team, ;Hi Northwind, ;Evening, ;Dear support, ")
}
function context(c,   r) {
  if (ri(100) >= 30) return ""
  r = ri(6)
  if (r == 0) return " My account ends in " slot("last4") "."
  if (r == 1) return " I have been with you for " slot("years") " years."
  if (r == 2) return " I am using the app on my " slot("device") "."
  if (r == 3) return " This is on my joint account with my " pick("wife;husband;partner;mom;brother") "."
  if (r == 4) return " I already tried " pick("calling;the chat;the help articles;searching online") " but no luck."
  return " I am writing from my " pick("work email;phone;laptop;tablet") "."
}
function tone(p) {
  if (ri(100) >= 40) return ""
  if (p == "urgent") return pick(" Please hurry.; I am panicking.; This cannot wait.; Call me right away.; Please do something now.")
  if (p == "high") return pick(" Please look at this today.; Need help asap.; This is stressing me out.; Need this sorted quickly.")
  if (p == "normal") return pick(" Thanks in advance.; Please advise.; Any help appreciated.; Let me know.; Not happy about this.")
  return pick(" No rush.; Just curious.; Thanks!; Whenever you get a chance.")
}
function closer() {
  if (ri(100) < 45) return ""
  return pick(" Thanks; Thank you.; Regards, " slot("name") "; thx; Cheers.; - " slot("name") "; Sent from my phone")
}
function typo(t,   n, w, i, j, op, word, out, k) {
  n = split(t, w, " "); i = 1 + ri(n); word = w[i]
  if (length(word) < 5) return t
  j = 2 + ri(length(word) - 3); op = ri(3)
  if (op == 0) word = substr(word, 1, j - 1) substr(word, j + 1, 1) substr(word, j, 1) substr(word, j + 2)
  else if (op == 1) word = substr(word, 1, j - 1) substr(word, j + 1)
  else word = substr(word, 1, j) substr(word, j)
  w[i] = word; out = w[1]
  for (k = 2; k <= n; k++) out = out " " w[k]
  return out
}
function mangle(t,   r) {
  r = ri(100)
  if (r < 14) t = typo(t)
  if (r < 5) t = typo(t)
  if (ri(100) < 9) { t = tolower(t); gsub(/\x27/, "", t) }
  return t
}
function csvq(s) { gsub(/"/, "\"\"", s); return "\"" s "\"" }
BEGIN { state = seed % 2147483647; if (state <= 0) state = 1; maxuse = 9
  split("account_access:210 card_lost_stolen:170 card_declined:210 fraud_dispute:230 transfer_payment:270 fees:180 statements:140 trading_order:200 app_bug:170 personal_details:140 complaint:135 other:125", spec, " ")
}
/^#/ || NF < 4 { next }
{ nt[$1]++; tc[$1, nt[$1]] = $2; tf[$1, nt[$1]] = $3; tt[$1, nt[$1]] = $4 }
END {
  print "id,text,category,priority"
  id = 0
  for (s = 1; s in spec; s++) {
    split(spec[s], kv, ":"); c = kv[1]; want = kv[2]; made = 0; tries = 0
    while (made < want && tries < want * 20) {
      tries++; k = 1 + ri(nt[c])
      if (tf[c, k] == "A" && ri(100) >= 65) continue      # keep hard cases near 5%
      if (used[c, k] >= maxuse) continue                # no template dominates
      p = tc[c, k]
      core = fill(tt[c, k])
      if (core in seencore) continue                     # same filled sentence = near-duplicate
      seencore[core] = 1; used[c, k]++
      text = opener(p) core context(c) tone(p) closer()
      text = mangle(text)
      if (text in seen) continue
      seen[text] = 1; made++; id++
      rows[id] = sprintf("T%05d,%s,%s,%s", id, csvq(text), c, p)
      if (tf[c, k] == "A") amb[id] = 1
    }
    if (made < want) printf "warning: %s only %d of %d\n", c, made, want > "/dev/stderr"
  }
  # Shuffle rows (Fisher-Yates) so categories are interleaved, then renumber ids in order.
  for (i = id; i > 1; i--) { j = 1 + ri(i); tmp = rows[i]; rows[i] = rows[j]; rows[j] = tmp }
  printf "" > ambout
  for (i = 1; i <= id; i++) {
    old = substr(rows[i], 2, 5) + 0
    newid = sprintf("T%05d", i)
    print newid substr(rows[i], 7)
    if (old in amb) print newid > ambout
  }
}' "$here/templates.txt" > "$here/tickets.csv"
echo "wrote $(($(wc -l < "$here/tickets.csv") - 1)) tickets to $here/tickets.csv"

#include "finance/documents/key_figures.hpp"

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <regex>
#include <string>
#include <utility>

#include "finance/documents/sentences.hpp"

namespace finchat::documents {

const char* to_string(Direction d) {
  return d == Direction::up ? "up" : d == Direction::down ? "down" : "none";
}

std::string lower_for_figures(std::string s) {
  for (auto& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
  for (auto at = s.find("-quarter"); at != std::string::npos; at = s.find("-quarter", at)) {
    s[at] = ' ';
  }
  return s;
}

namespace {

// A quarter's name in lower case: "q3", "third quarter", "3rd quarter".
const std::string kQuarterName = R"((q[1-4]|(first|second|third|fourth|1st|2nd|3rd|4th) quarter))";

const std::regex& quarter_name() {
  static const std::regex re(R"(\b)" + kQuarterName + R"(\b)");
  return re;
}

}  // namespace

std::string reported_quarter_mention(const std::string& l, bool this_quarter) {
  static const std::regex named_or_this(
      R"(\b()" + kQuarterName + R"(|(the|this)( recent| current| latest| reported)? quarter)\b)");
  static const std::regex compared(
      R"(\b(over|versus|vs\.?|compared( to| with)?|from|than|prior|last|relative( to)?|sequential\w*)\b[^$%,.]{0,15}$)");
  const std::regex& mention = this_quarter ? named_or_this : quarter_name();
  for (auto it = std::sregex_iterator(l.begin(), l.end(), mention); it != std::sregex_iterator();
       ++it) {
    const auto at = std::size_t(it->position(0));
    const std::string before = l.substr(at >= 25 ? at - 25 : 0, std::min<std::size_t>(at, 25));
    if (!std::regex_search(before, compared)) return it->str();
  }
  return {};
}

namespace {

std::string lower(std::string s) { return lower_for_figures(std::move(s)); }

Direction direction_of(const std::string& l) {
  static const std::regex up(R"(\b(increas\w*|grew|grow\w*|rose|up|improv\w*|higher|expand\w*)\b)");
  static const std::regex down(R"(\b(decreas\w*|declin\w*|fell|down|lower|contract\w*|drop\w*)\b)");
  const bool u = std::regex_search(l, up), d = std::regex_search(l, down);
  if (u && !d) return Direction::up;
  if (d && !u) return Direction::down;
  return Direction::none;
}

std::string first_match(const std::string& s, const std::regex& re, int group = 0) {
  std::smatch m;
  return std::regex_search(s, m, re) ? m[group].str() : std::string{};
}

// "increased by $9 million", "up $0.02": the figure is a change, not the metric's level.
bool states_change_amount(const std::string& tail, const std::string& value) {
  static const std::regex before(
      R"((\bby|\bup|\bdown|increased|decreased|impact\w*|rose|fell|grew|declined)( approximately| about)? $)");
  const auto pos = tail.find(value);
  if (pos == std::string::npos) return false;
  const std::string head = lower(tail.substr(0, pos));
  return std::regex_search(head, before);
}

// An actual measured against the plan ("revenue of $536 million compared to our guidance"),
// unless a forward word comes first ("GAAP EPS guidance of $4.15 to $4.35 is $0.05 below our
// previous guidance").
bool measured_against_plan(const std::string& l) {
  static const std::regex versus_plan(
      R"(\b(compared (to|with)|versus|vs\.?|above|below|exceed\w*|beat|ahead of|at|within|met|in line with)( the)?( (top|high|upper|low|lower)[- ]end| midpoint)?( of)?( the)?( range)?( of)? (our |the |its )?(prior |previous |original |initial )?([a-z0-9]+ ){0,2}(guidance|outlook|expectations?|forecast))");
  static const std::regex forward(
      R"(\b(expect\w*|will|anticipat\w*|forecast\w*|rais\w*|narrow\w*|reaffirm\w*|affirm\w*|(guidance|outlook) (of|range of|for)\b))");
  std::smatch plan, ahead;
  if (!std::regex_search(l, plan, versus_plan)) return false;
  return !std::regex_search(l, ahead, forward) || ahead.position(0) >= plan.position(0);
}

// "increased $17.4 million to $104.1 million": the level after a change amount; else "".
std::string level_after_change(const std::string& tail, const std::string& change) {
  static const std::regex to_level(
      R"(^,? to (\$\s?\d[\d,]*(?:\.\d+)?\s?(?:million|billion|mln|bln|m|bn|b)\b))");
  const auto at = tail.find(change);
  if (change.empty() || at == std::string::npos) return {};
  std::smatch m;
  const std::string rest = tail.substr(at + change.size());
  return std::regex_search(rest, m, to_level) ? m[1].str() : std::string{};
}

// "$6.9 billion of sales", "$506 million in revenue": an amount written just before the
// mention at `mention`; else "".
std::string amount_before(const std::string& sentence, std::size_t mention, bool per_share) {
  static const std::regex lead(
      R"((\$\s?\d[\d,]*(?:\.\d+)?\s?(?:million|billion))\s+(?:of|in)\s+(?:(?:total|net|consolidated|quarterly|first|second|third|fourth|quarter|q[1-4])[\s-]+)*$)",
      std::regex::icase);
  // "We achieved $1.82 in adjusted earnings per share".
  static const std::regex lead_per_share(
      R"((\$\d+\.\d+)\s+(?:(?:of|in)\s+)?(?:(?:adjusted|non-gaap|gaap|core|diluted|net)\s+)*$)",
      std::regex::icase);
  const std::size_t from = mention > 40 ? mention - 40 : 0;
  std::smatch m;
  const std::string before = sentence.substr(from, mention - from);
  return std::regex_search(before, m, per_share ? lead_per_share : lead) ? m[1].str()
                                                                         : std::string{};
}

// "increased from $0.66 to $1.27": the level the figure moved to; else "".
std::string moved_to(const std::string& tail, const std::string& value) {
  static const std::regex to_value(
      R"(^(?: per (?:diluted )?share)? to (\$\s?\d[\d,]*(?:\.\d+)?(?:\s?(?:million|billion))?))");
  const auto at = value.empty() ? std::string::npos : tail.find("from " + value);
  if (at == std::string::npos) return {};
  std::smatch m;
  const std::string rest = tail.substr(at + 5 + value.size());
  return std::regex_search(rest, m, to_value) ? m[1].str() : std::string{};
}

// The qualifier written just before a mention ("GAAP EPS of $0.46 and adjusted EPS of $0.82"),
// not crossing `boundary` (an earlier figure); else one between the mention and its value.
std::string local_qualifier(const std::string& lower_sentence, std::size_t mention,
                            const std::string& value, std::size_t before_chars = 40,
                            const char* boundary = "$") {
  static const std::regex qualifier(
      R"(\b((adjusted|non-gaap|gaap|core)( operating)?|operating)\b)");
  const std::size_t from = mention > before_chars ? mention - before_chars : 0;
  std::string before = lower_sentence.substr(from, mention - from);
  if (const auto cut = before.rfind(boundary); cut != std::string::npos && cut > 0) {
    before = before.substr(cut);
  }
  std::string last;
  for (auto it = std::sregex_iterator(before.begin(), before.end(), qualifier);
       it != std::sregex_iterator(); ++it) {
    last = it->str();
  }
  if (!last.empty()) return last;
  const auto value_at = lower_sentence.find(lower(value), mention);
  if (value_at == std::string::npos) return {};
  return first_match(lower_sentence.substr(mention, value_at - mention), qualifier);
}

// The first period an actual names, skipping a year it is compared with ("up 37% over the same
// period in 2020" states the current quarter, not the year 2020).
std::string actual_period(const std::string& l, const std::regex& period) {
  // A quarter the sentence reports on wins over a year ("2020 fourth quarter earnings of $0.37";
  // "for the quarter" is the reported one: "$2.18 and $10.02 for the full year").
  if (auto q = reported_quarter_mention(l, true); !q.empty()) return q;
  static const std::regex comparison(
      R"(\b(over|versus|vs\.?|compared (to|with)|from|than|same (period|quarter)|prior|last|ago|in the)\b[^$%]{0,25}$)");
  static const std::regex bare_year(R"(^\d{4}$)");
  for (auto it = std::sregex_iterator(l.begin(), l.end(), period); it != std::sregex_iterator();
       ++it) {
    const auto at = std::size_t(it->position(0));
    const std::string before = l.substr(at >= 30 ? at - 30 : 0, std::min<std::size_t>(at, 30));
    if (std::regex_match(it->str(), bare_year) && std::regex_search(before, comparison)) continue;
    return it->str();
  }
  return {};
}

// The period of sentence `index`. Guidance names the quarter it guides, else its latest year
// ("2021 revenue ... up from 2020"); guidance without a period takes the quarter named in the
// sentences just before it ("For the second quarter, ... We expect revenue of ...").
std::string guidance_period(const std::vector<std::string>& sentences, std::size_t index,
                            bool is_guidance, const std::regex& period) {
  const std::string l = lower(sentences[index]);
  if (!is_guidance) return actual_period(l, period);
  static const std::regex year(R"(\b(19|20)\d\d\b)");
  if (auto q = first_match(l, quarter_name()); !q.empty()) return q;
  std::string latest;
  for (auto it = std::sregex_iterator(l.begin(), l.end(), year); it != std::sregex_iterator();
       ++it) {
    latest = std::max(latest, it->str());
  }
  auto named = first_match(l, period);  // "fiscal 2024" rather than "2024"
  if (!latest.empty()) return named.find(latest) != std::string::npos ? named : latest;
  if (!named.empty()) return named;
  constexpr std::size_t kLookBack = 3;
  for (std::size_t back = 1; back <= kLookBack && back <= index; ++back) {
    // Only a quarter's name: the period label of a bullet never carries a digit from elsewhere.
    if (auto q = first_match(lower(sentences[index - back]), quarter_name()); !q.empty()) {
      return q;
    }
  }
  return {};
}

// The first range in `text` that is not a superseded one ("raising guidance from a range of $8.90
// to $9.10, up to a range of $9.15 to $9.30" -> $9.15 to $9.30); empty when none.
std::pair<std::string, std::string> current_range(const std::string& text,
                                                  std::initializer_list<const std::regex*> forms) {
  static const std::regex old_before(
      R"((from|compared (to|with)|versus|previous\w*|prior|original\w*|initial\w*)( (our|the|a|an|its))?( (prior|previous|original|initial))?( guidance)?( range)?( of)? ?$)");
  static const std::regex range_from(R"(\b(range|ranging|ranges) from ?$)");  // not superseded
  static const std::regex old_after(R"(^,? ?(previously|last year|a year ago|in the prior))");
  std::pair<std::string, std::string> first;
  std::size_t first_at = std::string::npos;
  for (const std::regex* form : forms) {
    for (auto it = std::sregex_iterator(text.begin(), text.end(), *form);
         it != std::sregex_iterator(); ++it) {
      const auto at = std::size_t(it->position(0));
      const std::string before =
          lower(text.substr(at >= 30 ? at - 30 : 0, std::min<std::size_t>(at, 30)));
      const std::string after = lower(text.substr(at + std::size_t(it->length(0)), 30));
      const bool superseded =
          (std::regex_search(before, old_before) && !std::regex_search(before, range_from)) ||
          std::regex_search(after, old_after);
      if (superseded) continue;
      if (at < first_at) {
        first_at = at;
        first = {(*it)[1].str(), (*it)[2].str()};
      }
      break;
    }
  }
  return first;
}

}  // namespace

namespace {

bool has_scale(const std::string& value) {
  const std::string l = lower(value);
  return l.find("million") != std::string::npos || l.find("billion") != std::string::npos ||
         l.find("mln") != std::string::npos || l.find("bln") != std::string::npos ||
         l.back() == 'm' || l.back() == 'b' || l.back() == 'n';
}

}  // namespace

bool plausible_figure(const KeyFigure& f) {
  if (!f.follows_metric || f.value.empty()) return false;
  if (f.metric == "revenue growth") return f.guidance && !f.low.empty();
  if (f.metric == "margin") return true;  // read as a percentage
  const bool per_share = f.metric == "eps" || f.metric == "ffo per share" || f.metric == "dividend";
  if (per_share) return !has_scale(f.value) && f.value.find('.') != std::string::npos;
  return has_scale(f.value);
}

std::vector<KeyFigure> extract_key_figures(const std::string& text) {
  return extract_key_figures(split_sentences(text));
}

std::vector<KeyFigure> extract_key_figures(const std::vector<std::string>& raw) {
  std::vector<std::string> clip_storage;
  const auto& sentences = clipped(raw, clip_storage);
  static const std::regex money(
      R"(\$\s?\d[\d,]*(\.\d+)?(\s?(million|billion|thousand|mln|bln|m|bn|b)\b)?)");
  // Millions or billions without "$", ending the clause ("was 30.6 million, up 5%"), so that
  // "1.2 million units" is not read as an amount.
  static const std::regex bare_money(
      R"((?:^|[^\d$.,])(\d[\d,]*(?:\.\d+)?\s(?:million|billion))(?=[,.;]|$| (?:in|for|and|up|down|compared|versus|or|from)\b))");
  static const std::regex pct(R"(\d+(\.\d+)?\s?(%|percent\b|basis points))");
  static const std::regex period(
      R"(\b()" + kQuarterName +
      R"(|(three|six|nine|twelve) months|full[- ]year|fiscal( year)? \d{4}|fy ?\d{2,4}|\d{4}))");
  // "better than expected", "as anticipated": a result compared with expectations.
  static const std::regex as_expected(
      R"(\b((better|higher|lower|worse|more|less|stronger|weaker|greater|faster|slower)[- ]than[- ]((we|what we|had|previously|initially|originally|we had) )*|as (we )?(had )?|un)(expected|anticipated|forecast\w*|projected)\b)");
  // "beating the consensus estimate of $0.23": the street's number, not the company's outlook.
  static const std::regex consensus(R"(\b(consensus|street|analysts'?)( \w+)? estimates?\b)");
  static const std::regex guidance(
      R"(\b(expect(s|ed|ing)?\b|expectations? (for|of)\b|guid\w*|outlook|sees|forecast\w*|anticipat\w*|project\w*|estimat\w*|will be|range (for|is|to be)\b|to be (in|between|approximately|about|around)\b|(rais|narrow|establish|updat|reaffirm|affirm|increas|lower)\w* (\w+ ){0,4}(range|guidance|outlook)))");

  static const std::regex change(
      R"(\b(?:by|of|up|down|rose|fell|increased|decreased|grew)\s+(\d+(\.\d+)?\s?(%|percent)))");
  struct Metric {
    const char* name;
    std::regex re;
  };
  static const std::vector<Metric> kMetrics = {
      {"eps",
       std::regex(
           R"(\b(eps|deps|(earnings|loss|income)[- ]per[- ]((fully )?diluted |basic |common )*share)\b)")},
      {"revenue", std::regex(R"(\b(revenues?|net sales|sales)\b)")},
      {"margin", std::regex(R"(\b(gross|operating|net|ebitda) margins?\b)")},
      {"net income", std::regex(R"(\bnet (income|earnings)\b)")},
      {"operating income", std::regex(R"(\b(operating income|income from operations)\b)")},
      {"free cash flow", std::regex(R"(\bfree cash flows?\b)")},
      {"ffo per share", std::regex(R"(\b(ffo|affo|ffom|funds from operations)\b)")},
      {"dividend", std::regex(R"(\bdividends?\b)")},
      {"buyback", std::regex(R"(\b(repurchas\w*|buybacks?)\b)")},
  };
  // An amount as written, captured: "$1.410 billion", "$0.60".
  static const std::string amount = R"((\$\s?\d[\d,]*(?:\.\d+)?(?:\s?(?:million|billion))?))";
  static const std::regex range(amount + R"((?: per (?:diluted )?share)?\s*(?:to|-)\s*)" + amount);
  // A per-share amount: dollars and cents, no scale.
  static const std::regex cents(
      R"(\$\s?\d[\d,]*\.\d+(?!\d|\s?(million|billion|thousand|mln|bln|m\b|bn\b)))");
  constexpr std::size_t kRangeWindow = 160;
  static const std::regex range_and("range of " + amount + " and " + amount);
  static const std::regex between("between " + amount + " and " + amount);
  static const std::regex per_share(
      R"((\$\d+\.\d+)(?: per share)?(?: to (\$\d+\.\d+))? (?:per|a) (?:adjusted )?(?:fully )?(?:diluted )?(?:common )?share)");
  static const std::regex growth_range(
      R"(\b(revenues?|sales)\b[^$.;]{0,40}?\b(growth|grow|increase|up|rise|decline|decrease|down)\b[^$.;\d]{0,25}?((\d+(?:\.\d+)?)\s?(?:%|percent)?\s?(?:to|-)\s?(\d+(?:\.\d+)?))\s?(?:%|percent))");
  static const std::regex other_per_share(
      R"(\b(dividends?|ffo|affo|funds from operations|distributions?)\b)");
  // "... from $23.8 million or $0.63 per diluted share last year": the prior period's figure.
  static const std::regex prior_total(
      R"(\b(from|compared (to|with)|versus|vs\.?)\s+(\$[\d.,]+\s*(million|billion)?,?\s+or\s+)?$)");
  static const std::regex compared_mention(
      R"(\b(compared (to|with)|versus|vs\.?|exceed\w*|beat|above|below|ahead of|in line with)\s+([a-z0-9'-]+\s+){0,3}$)");
  static const std::regex earnings_word(R"(\b(earn\w*|income|eps|loss)\b)");
  constexpr std::size_t kWindow = 90;  // characters after a metric's mention that describe it
  constexpr std::size_t kChangeWindow = 130;
  std::vector<KeyFigure> out;
  for (std::size_t index = 0; index < sentences.size(); ++index) {
    const std::string& sentence = sentences[index];
    // Every figure has a digit; skipping the rest saves most of the regex work.
    if (std::none_of(sentence.begin(), sentence.end(),
                     [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; })) {
      continue;
    }
    const std::string l = lower(sentence);
    const std::string unhedged =
        std::regex_replace(std::regex_replace(l, as_expected, " "), consensus, " ");
    const bool is_guidance = std::regex_search(unhedged, guidance) && !measured_against_plan(l);
    const std::string sentence_period = guidance_period(sentences, index, is_guidance, period);
    // What every figure of this sentence shares.
    const auto add_figure = [&](KeyFigure f) {
      f.sentence_index = index;
      f.period = sentence_period;
      f.direction = direction_of(l);
      f.change = first_match(l, change, 1);
      f.guidance = is_guidance;
      f.sentence = sentence;
      out.push_back(std::move(f));
    };
    for (const auto& m : kMetrics) {
      // Every mention counts: "GAAP EPS was $0.46 and adjusted EPS was $0.82" holds two figures.
      for (auto it = std::sregex_iterator(l.begin(), l.end(), m.re); it != std::sregex_iterator();
           ++it) {
        // "... compared to third quarter earnings per share of $0.32 in 2020": the comparison's
        // figure, not this period's.
        const auto at = std::size_t(it->position(0));
        if (std::regex_search(l.substr(at >= 40 ? at - 40 : 0, std::min<std::size_t>(at, 40)),
                              compared_mention)) {
          continue;
        }
        KeyFigure f;
        f.metric = m.name;
        // The figure shortly after the metric's mention belongs to it ("EPS of $1.37"); else the
        // sentence's first figure, marked as loosely attached.
        const std::size_t after = std::size_t(it->position(0));
        const bool is_pct = m.name == std::string("margin");
        const std::string tail = sentence.substr(after, kWindow);
        const std::string tail_lower = l.substr(after, kWindow);
        const bool is_per_share =
            m.name == std::string("eps") || m.name == std::string("ffo per share");
        f.value = is_pct         ? first_match(tail_lower, pct)
                  : is_per_share ? first_match(tail, cents)
                                 : first_match(tail, money);
        // "Total revenue for the quarter was 411.2 million": dollars left unsaid.
        if (f.value.empty() && !is_pct && !is_per_share) f.value = first_match(tail, bare_money, 1);
        f.follows_metric = !f.value.empty() && !states_change_amount(tail, f.value);
        if (auto to = moved_to(tail, f.value); !to.empty() && !is_pct) f.value = std::move(to);
        // An amount right before the mention ("$2.9 billion in total revenue in the fourth
        // quarter, with the services segment producing $2 billion", "$0.59 of non-GAAP EPS")
        // beats a distant one after it, and stands in when the one after is a change.
        const std::string lead =
            is_pct ? std::string() : amount_before(sentence, after, is_per_share);
        if (!lead.empty() && (f.value.empty() || tail.find(f.value) > 25)) {
          f.value = lead;
          f.follows_metric = true;
        }
        if (!f.follows_metric && !is_pct && !is_per_share) {
          // "increased $12.6 million to $131.7 million": the level follows the change.
          if (auto level = level_after_change(tail, f.value); !level.empty()) {
            f.value = std::move(level);
            f.follows_metric = true;
          } else if (!lead.empty()) {
            f.value = lead;
            f.follows_metric = true;
          }
        }
        if (f.value.empty()) f.value = is_pct ? first_match(l, pct) : first_match(sentence, money);
        if (f.value.empty()) continue;
        // A figure named twice keeps its closest mention ("revenue above ... with total revenue
        // at $181.3 million").
        const auto same = std::find_if(out.begin(), out.end(), [&](const KeyFigure& k) {
          return k.sentence_index == index && k.metric == f.metric && k.value == f.value;
        });
        if (same != out.end() && (same->follows_metric || !f.follows_metric)) continue;
        if (same != out.end()) out.erase(same);
        if (!is_pct) {
          std::smatch r;
          const auto current =
              current_range(sentence.substr(after, kRangeWindow), {&range, &between, &range_and});
          f.low = current.first;
          f.high = current.second;
          // "raise the low end ... by $500 million to a new range of $64.4 billion to $65.4
          // billion": the range is the figure.
          if (!f.follows_metric && is_guidance && !f.low.empty() && !is_per_share) {
            f.value = f.low;
            f.follows_metric = true;
          }
        }
        // A change may follow the value ("revenues were $356.8 million compared to $326.1 million
        // for the first quarter of 2020, an increase of 9.4%").
        f.local_change = first_match(l.substr(after, kChangeWindow), change, 1);
        f.qualifier = local_qualifier(l, after, f.value);
        f.loss = it->str().find("loss") != std::string::npos;
        add_figure(std::move(f));
      }
    }
    // "We expect full year sales to be up 8% to 10%": revenue growth guidance as a range.
    std::smatch g;
    if (is_guidance && std::regex_search(l, g, growth_range)) {
      KeyFigure f;
      f.metric = "revenue growth";
      f.value = sentence.substr(std::size_t(g.position(3)),
                                std::size_t(g.position(0) + g.length(0) - g.position(3)));
      f.low = sentence.substr(std::size_t(g.position(4)), std::size_t(g.length(4)));
      f.high = sentence.substr(std::size_t(g.position(5)), std::size_t(g.length(5)));
      f.follows_metric = true;
      add_figure(std::move(f));
      const std::string how = g[2].str();
      out.back().direction = how.starts_with("decl") || how.starts_with("decr") || how == "down"
                                 ? Direction::down
                                 : Direction::up;
    }
    // "earnings of $1.65 per share": EPS named after its figure, unless that figure is a
    // dividend's or FFO's ("... or $0.23 per share, and the dividend was $0.35 per share"). Each
    // such figure counts ("net income of $17.5 million or $1.49 per diluted share ..., adjusted
    // net income of $18.9 million or $1.59 per diluted share").
    if (!std::regex_search(l, earnings_word)) continue;
    const bool seen = std::any_of(out.begin(), out.end(), [&](const KeyFigure& k) {
      return k.sentence_index == index && k.metric == "eps" && k.follows_metric;
    });
    if (seen) continue;
    for (auto it = std::sregex_iterator(l.begin(), l.end(), per_share);
         it != std::sregex_iterator(); ++it) {
      const auto& ps = *it;
      const auto at = std::size_t(ps.position(0));
      const std::string before = l.substr(at >= 60 ? at - 60 : 0, std::min<std::size_t>(at, 60));
      if (std::regex_search(before, other_per_share) || std::regex_search(before, prior_total)) {
        continue;
      }
      KeyFigure f;
      f.metric = "eps";
      f.value = sentence.substr(std::size_t(ps.position(1)), std::size_t(ps.length(1)));
      const bool repeated = std::any_of(out.begin(), out.end(), [&](const KeyFigure& k) {
        return k.sentence_index == index && k.metric == "eps" && k.value == f.value;
      });
      if (repeated) continue;
      if (ps[2].matched) {
        f.low = f.value;
        f.high = sentence.substr(std::size_t(ps.position(2)), std::size_t(ps.length(2)));
      }
      f.follows_metric = true;
      // "adjusted net income was $34 million or $0.45 per share": the qualifier names the total.
      constexpr std::size_t kTotalWindow = 45;
      f.qualifier = local_qualifier(l, at, f.value, kTotalWindow, "per ");
      f.loss = l.find("loss") != std::string::npos && l.find("earnings") == std::string::npos;
      add_figure(std::move(f));
    }
  }
  return out;
}

}  // namespace finchat::documents

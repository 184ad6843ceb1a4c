#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "train/data_pipeline.hpp"
#include "train/dedup.hpp"
#include "train/pii.hpp"
#include "train/text_clean.hpp"
#include "train/text_extract.hpp"

namespace finchat::train {
namespace {

namespace fs = std::filesystem;

fs::path temp_dir(const std::string& name) {
  auto d = fs::temp_directory_path() / ("finchat_pipeline_" + std::to_string(::getpid())) / name;
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

TEST(Pii, RedactsTypedPlaceholdersAndCounts) {
  PiiCounts c;
  const std::string in =
      "Mail jane.doe+bank@example.co.uk or call +1 (415) 555-0132. Card 4111 1111 1111 1111, "
      "IBAN GB82 WEST 1234 5698 7654 32, account number 12345678. Meeting 2026-11-25 15:00.";
  const std::string out = redact_pii(in, c);
  EXPECT_EQ(out.find("jane.doe"), std::string::npos) << out;
  EXPECT_EQ(out.find("4111"), std::string::npos) << out;
  EXPECT_EQ(out.find("WEST"), std::string::npos) << out;
  EXPECT_EQ(out.find("12345678"), std::string::npos) << out;
  EXPECT_EQ(out.find("555-0132"), std::string::npos) << out;
  EXPECT_EQ(redact_pii("call 1-800-555-0199 now", c), "call <PHONE> now");
  EXPECT_NE(out.find("2026-11-25 15:00"), std::string::npos) << out;  // dates are not phones
  EXPECT_EQ(c.by_type["EMAIL"], 1);
  EXPECT_EQ(c.by_type["CARD"], 1);
  EXPECT_EQ(c.by_type["IBAN"], 1);
  EXPECT_EQ(c.by_type["ACCOUNT"], 1);
  EXPECT_EQ(c.by_type["PHONE"], 2);
  EXPECT_NE(out.find("<EMAIL>"), std::string::npos);
  EXPECT_NE(out.find("<CARD>"), std::string::npos);
}

TEST(Pii, LongTextIsRedactedPieceByPiece) {
  // Text is redacted in pieces of at most 4096 characters (std::regex recurses per character
  // matched and overflowed on a megabyte-long line; reproducing that takes minutes in a Debug
  // build, so this test checks that piecewise redaction misses nothing and loses no text).
  PiiCounts c;
  std::string in;
  for (int i = 0; i < 400; ++i) in += "Write to jane.doe@example.com about order 12. ";
  in += std::string(9000, '7') + " " + std::string(5000, 'a');
  const std::string out = redact_pii(in, c);
  EXPECT_EQ(c.by_type["EMAIL"], 400) << "every piece is redacted";
  EXPECT_EQ(out.find("jane.doe"), std::string::npos);
  EXPECT_EQ(out.size(), in.size() - 400 * (std::string("jane.doe@example.com").size() -
                                           std::string("<EMAIL>").size()));
  EXPECT_FALSE(is_boilerplate_line(std::string(500000, '1'))) << "long lines are content";
}

TEST(Pii, LuhnAndIbanChecksRejectLookalikes) {
  EXPECT_TRUE(luhn_valid("4111111111111111"));
  EXPECT_FALSE(luhn_valid("4111111111111112"));
  EXPECT_TRUE(iban_valid("DE89 3704 0044 0532 0130 00"));
  EXPECT_FALSE(iban_valid("DE89 3704 0044 0532 0130 01"));
  PiiCounts c;
  // A 16-digit order number failing Luhn stays; so do prices and short numbers.
  const std::string s = "Order 1234567812345678 costs 187.43 USD, qty 12.";
  EXPECT_EQ(redact_pii(s, c), s);
  EXPECT_EQ(c.total(), 0);
}

TEST(Dedup, ExactAndNearDuplicates) {
  const std::string base =
      "Northwind checking accounts have no monthly fee when you deposit at least five hundred "
      "dollars each month, and you can waive the fee by keeping a minimum daily balance as well. "
      "Statements are available in the app every month, and paper statements can be turned "
      "off under Settings to avoid the paper statement fee that applies to some accounts.";
  Deduplicator d;
  EXPECT_EQ(d.add(base), DupKind::unique);
  EXPECT_EQ(d.add("  " + base + "  "), DupKind::exact);  // whitespace only
  EXPECT_EQ(d.add(base + " Thanks!"), DupKind::near);    // one extra word
  std::string edited = base;
  edited.replace(edited.find("five hundred"), 12, "500");
  EXPECT_EQ(d.add(edited), DupKind::near);
  EXPECT_EQ(d.add("Card disputes must be filed within sixty days of the statement date; the "
                  "bank investigates and credits you provisionally within ten business days."),
            DupKind::unique);
}

TEST(Dedup, JaccardEstimateTracksOverlap) {
  MinHashOptions o;
  auto a = minhash_signature(normalize_for_dedup("a b c d e f g h i j k l m n o p"), o);
  auto b = minhash_signature(normalize_for_dedup("a b c d e f g h i j k l m n o p"), o);
  auto c = minhash_signature(normalize_for_dedup("q r s t u v w x y z aa bb cc dd ee ff"), o);
  EXPECT_DOUBLE_EQ(estimated_jaccard(a, b), 1.0);
  EXPECT_LT(estimated_jaccard(a, c), 0.2);
}

TEST(Clean, WhitespaceAndBoilerplate) {
  EXPECT_EQ(normalize_whitespace("  a \t b  \n\n\n\nc  "), "a b\n\nc");
  EXPECT_TRUE(is_boilerplate_line("© 2026 Northwind Bank. All rights reserved."));
  EXPECT_TRUE(is_boilerplate_line("We use cookies to improve your experience"));
  EXPECT_TRUE(is_boilerplate_line("Page 3 of 10"));
  EXPECT_FALSE(is_boilerplate_line("Transfers arrive within one business day."));
}

TEST(Extract, HtmlMarkdownCsv) {
  EXPECT_EQ(
      normalize_whitespace(strip_html(
          "<html><style>p{}</style><p>Fees &amp; limits</p><script>x=1</script><b>ok</b></html>")),
      "Fees & limits\nok");
  EXPECT_EQ(normalize_whitespace(
                strip_markdown("---\ntitle: t\n---\n# Title\nSee [fees](kb-fees) **now**")),
            "Title\nSee fees now");
  auto rows = parse_csv("q,a\n\"hello, world\",\"say \"\"hi\"\"\"\n");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1][0], "hello, world");
  EXPECT_EQ(rows[1][1], "say \"hi\"");
  EXPECT_FALSE(valid_utf8("bad \xC3("));
  EXPECT_TRUE(looks_binary(std::string("PK\x03\x04\0\0", 6)));
}

TEST(Pipeline, EndToEndReportsSkipsSplitsAndRedacts) {
  const auto in = temp_dir("in"), out = temp_dir("out");
  const std::string para =
      "To dispute a card payment, open the transaction in the app and tap Dispute. We reply "
      "within ten business days. Contact help@northwind.example for anything else.";
  std::ofstream(in / "a.txt") << para << "\n© 2026 Northwind. All rights reserved.\n";
  std::ofstream(in / "b.md") << "# Dispute\n" << para << "\n";  // near duplicate of a.txt
  std::ofstream(in / "c.html") << "<p>Wire transfers sent before 5 pm ET arrive the same day; "
                                  "international wires take one to three business days.</p>";
  std::ofstream(in / "d.csv") << "question,answer,id\n\"How do I reset my PIN?\",\"Tap Cards, then "
                                 "Change PIN, and confirm with your passcode.\",7\n";
  std::ofstream(in / "e.jsonl") << "{\"text\":\"Savings interest is paid monthly on the last "
                                   "business day; call 415 555 0199 with questions.\"}\n";
  std::ofstream(in / "bin.txt") << std::string("\0\1\2\3binary", 10);
  std::ofstream(in / "latin1.txt") << "caf\xe9 au lait";
  std::ofstream(in / "empty.md") << "   \n";
  std::ofstream(in / "image.png") << "x";
  PipelineOptions o;
  o.inputs = {in.string()};
  o.out_dir = out.string();
  o.extract.columns = {"question", "answer", "text"};
  o.valid_fraction = 0.3;
  o.show_progress = false;
  auto r = run_data_pipeline(o);
  ASSERT_TRUE(r.ok()) << r.error().message;
  std::map<std::string, std::string> reasons;
  for (const auto& f : r->files) reasons[fs::path(f.path).filename().string()] = f.reason;
  EXPECT_EQ(reasons["bin.txt"], "binary content");
  EXPECT_EQ(reasons["latin1.txt"], "invalid UTF-8 encoding");
  EXPECT_EQ(reasons["empty.md"], "empty");
  EXPECT_EQ(reasons["image.png"], "unsupported file type");
  EXPECT_EQ(r->near_duplicates + r->exact_duplicates, 1u);
  EXPECT_EQ(r->kept, 4u);
  EXPECT_EQ(r->train + r->valid, 4u);
  EXPECT_GE(r->boilerplate_lines, 1u);
  EXPECT_EQ(r->pii.by_type["EMAIL"], 1);
  EXPECT_EQ(r->pii.by_type["PHONE"], 1);
  std::ifstream mf(out / "manifest.json");
  auto m = nlohmann::json::parse(mf);
  EXPECT_EQ(m["sources"].size(), 9u);
  EXPECT_EQ(m["sources"][0]["sha256"].get<std::string>().size(), 64u);
  EXPECT_TRUE(m.contains("licence_note"));
  // The split depends only on content and seed.
  auto r2 = run_data_pipeline(o);
  ASSERT_TRUE(r2.ok());
  EXPECT_EQ(r2->valid, r->valid);
  EXPECT_EQ(in_validation("same text", 1, 0.5), in_validation("same text", 1, 0.5));
}

}  // namespace
}  // namespace finchat::train

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

#include "nlp/csv.hpp"
#include "nlp/dataset.hpp"

namespace finchat::nlp {
namespace {

TEST(Csv, ParsesQuotesEscapesAndEmbeddedNewlines) {
  const std::string text =
      "text,label\r\n"
      "\"hello, world\",greet\r\n"
      "\"she said \"\"hi\"\"\",quote\n"
      "\"line one\nline two\",multi\n"
      "plain,x\n";
  auto table = parse_csv(text, "t.csv");
  ASSERT_TRUE(table.ok()) << table.error().message;
  ASSERT_EQ(table->rows.size(), 4u);
  EXPECT_EQ(table->rows[0][0], "hello, world");
  EXPECT_EQ(table->rows[1][0], "she said \"hi\"");
  EXPECT_EQ(table->rows[2][0], "line one\nline two");
  EXPECT_EQ(table->rows[3][1], "x");
  EXPECT_EQ(table->row_lines[3], 6u);  // the multi-line row spans lines 4-5
}

TEST(Csv, EmptyFieldsBlankLinesAndNoTrailingNewline) {
  auto table = parse_csv("a,b,c\n1,,3\n\n,,\n4,5,6", "t.csv");
  ASSERT_TRUE(table.ok());
  ASSERT_EQ(table->rows.size(), 3u);
  EXPECT_EQ(table->rows[0][1], "");
  EXPECT_EQ(table->rows[1][0], "");
  EXPECT_EQ(table->rows[2][2], "6");
}

TEST(Csv, UnterminatedQuoteNamesFileAndLine) {
  auto table = parse_csv("text,label\na,b\nc,d\n\"open,e\nmore\n", "tickets.csv");
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.error().message, "tickets.csv:4: unterminated quote");
}

TEST(Csv, WrongFieldCountNamesLine) {
  auto table = parse_csv("text,label\na,b\nc\n", "x.csv");
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.error().message, "x.csv:3: expected 2 fields, found 1");
}

TEST(Csv, StrayQuoteAndGarbageAfterQuote) {
  EXPECT_FALSE(parse_csv("a,b\nx\"y,z\n", "s.csv").ok());
  auto bad = parse_csv("a,b\n\"x\"y,z\n", "s.csv");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("s.csv:2:"), std::string::npos);
}

TEST(Csv, EmptyInputIsAnError) { EXPECT_FALSE(parse_csv("", "e.csv").ok()); }

TEST(Dataset, MissingColumnIsNamed) {
  DatasetSpec spec;
  auto data = parse_csv_dataset("text,category\nhi,a\n", "t.csv", spec);
  ASSERT_FALSE(data.ok());
  EXPECT_NE(data.error().message.find("missing column 'label'"), std::string::npos);
  EXPECT_EQ(data.error().field, "label");
}

TEST(Dataset, EmptyLabelNamesLine) {
  auto data = parse_csv_dataset("text,label\nhi,a\nyo,\n", "t.csv", DatasetSpec{});
  ASSERT_FALSE(data.ok());
  EXPECT_EQ(data.error().message, "t.csv:3: empty label in column 'label'");
}

TEST(Dataset, CustomColumnsFromCsv) {
  DatasetSpec spec;
  spec.text_column = "body";
  spec.label_column = "queue";
  auto data =
      parse_csv_dataset("id,body,queue\n1,Card lost,cards\n2,Wire late,payments\n", "t.csv", spec);
  ASSERT_TRUE(data.ok());
  ASSERT_EQ(data->size(), 2u);
  EXPECT_EQ(data->examples[1].text, "Wire late");
  EXPECT_EQ(data->labels(), (std::vector<std::string>{"cards", "payments"}));
}

TEST(Dataset, JsonlWithNumericLabelsAndBadLine) {
  DatasetSpec spec;
  auto ok = parse_jsonl_dataset(
      "{\"text\":\"a\",\"label\":1}\n\n{\"text\":\"b\",\"label\":\"x\"}\n", "d.jsonl", spec);
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->examples[0].label, "1");
  auto bad = parse_jsonl_dataset("{\"text\":\"a\",\"label\":\"y\"}\n{oops\n", "d.jsonl", spec);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().message, "d.jsonl:2: invalid JSON");
  auto missing = parse_jsonl_dataset("{\"text\":\"a\"}\n", "d.jsonl", spec);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().message, "d.jsonl:1: missing column 'label'");
}

TEST(Dataset, TextAfterMarker) {
  DatasetSpec spec;
  spec.text_column = "context";
  spec.label_column = "target";
  spec.text_after = "Input:";
  auto data = parse_jsonl_dataset(
      R"({"context":"Instruction: say\nInput: $AAPL beats\nAnswer: ","target":"positive"})",
      "s.jsonl", spec);
  ASSERT_TRUE(data.ok()) << data.error().message;
  EXPECT_EQ(data->examples[0].text, "$AAPL beats");
}

TEST(Dataset, JsonSplitOfPairs) {
  DatasetSpec spec;
  spec.split = "train";
  auto data =
      parse_json_dataset(R"({"train":[["hi","greet"],["bye","leave"]],"val":[]})", "c.json", spec);
  ASSERT_TRUE(data.ok());
  EXPECT_EQ(data->examples[1].label, "leave");
  spec.split = "test";
  EXPECT_FALSE(parse_json_dataset(R"({"train":[]})", "c.json", spec).ok());
}

TEST(Dataset, LoadsFileByExtensionAndReportsMissingFile) {
  const std::string path = ::testing::TempDir() + "nlp_dataset_test.jsonl";
  {
    std::ofstream f(path);
    f << "{\"text\":\"a\",\"label\":\"b\"}\n";
  }
  auto data = load_dataset(path, DatasetSpec{});
  ASSERT_TRUE(data.ok()) << data.error().message;
  EXPECT_EQ(data->size(), 1u);
  std::remove(path.c_str());
  auto missing = load_dataset(path, DatasetSpec{});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().kind, ErrorKind::not_found);
  EXPECT_FALSE(parse_format("xml").ok());
}

}  // namespace
}  // namespace finchat::nlp

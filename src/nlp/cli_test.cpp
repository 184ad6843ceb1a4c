#include "nlp/cli.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <sstream>

namespace finchat::nlp {
namespace {

struct CliRun {
  int code;
  std::string out;
  std::string err;
};

CliRun run(const std::vector<std::string>& args) {
  std::ostringstream out;
  std::ostringstream err;
  const int code = run_classifier_cli(args, out, err);
  return {code, out.str(), err.str()};
}

std::string write_file(const std::string& name, const std::string& content) {
  std::string path = ::testing::TempDir() + name;
  std::ofstream f(path, std::ios::binary);
  f << content;
  return path;
}

std::string ticket_csv() {
  std::string csv = "id,body,queue\n";
  const char* cards[] = {"my card was stolen", "lost debit card", "card blocked at atm",
                         "replace my broken card", "pin for my card is wrong"};
  const char* pay[] = {"wire transfer is late", "payment did not arrive",
                       "sent money to wrong iban", "transfer pending for days",
                       "how long does a wire take"};
  for (int rep = 0; rep < 4; ++rep) {
    for (int i = 0; i < 5; ++i) {
      csv += std::to_string(rep * 10 + i) + ",\"" + cards[i] + "\",cards\n";
      csv += std::to_string(rep * 10 + i + 5) + ",\"" + pay[i] + "\",payments\n";
    }
  }
  return csv;
}

TEST(ClassifierCli, TrainEvalPredictRoundTrip) {
  const std::string data = write_file("cli_tickets.csv", ticket_csv());
  const std::string model = ::testing::TempDir() + "cli_model.bin";
  const CliRun trained =
      run({"train", "classifier", "--data", data, "--text-col", "body", "--label-col", "queue",
           "--out", model, "--min-df", "1", "--threads", "1", "--cv", "2"});
  ASSERT_EQ(trained.code, 0) << trained.err;
  EXPECT_NE(trained.out.find("2-fold CV"), std::string::npos);
  EXPECT_NE(trained.out.find("saved"), std::string::npos);

  const CliRun evaluated = run({"eval", "classifier", "--model", model, "--data", data});
  ASSERT_EQ(evaluated.code, 0) << evaluated.err;  // columns default to the training ones
  EXPECT_NE(evaluated.out.find("accuracy: 1.0000"), std::string::npos) << evaluated.out;
  EXPECT_NE(evaluated.out.find("top confusions"), std::string::npos);

  const CliRun predicted =
      run({"predict", "classifier", "--model", model, "--text", "someone stole my card"});
  ASSERT_EQ(predicted.code, 0) << predicted.err;
  EXPECT_NE(predicted.out.find("label: cards"), std::string::npos);
  const CliRun tuned =
      run({"train", "classifier", "--data", data, "--text-col", "body", "--label-col", "queue",
           "--out", model, "--min-df", "1", "--threads", "1", "--cv", "2", "--tune"});
  ASSERT_EQ(tuned.code, 0) << tuned.err;
  EXPECT_NE(tuned.out.find("selected ["), std::string::npos) << tuned.out;
  EXPECT_NE(tuned.out.find("[balanced classes]"), std::string::npos);
  std::remove(model.c_str());
  std::remove(data.c_str());
}

TEST(ClassifierCli, ReportsBadInputAndUsage) {
  EXPECT_EQ(run({"train"}).code, 2);
  EXPECT_EQ(run({"train", "classifier", "--bogus", "1"}).code, 2);
  EXPECT_EQ(run({"train", "classifier", "--data", "x.csv"}).code, 2);  // no --out
  EXPECT_EQ(run({"train", "classifier", "--data", "x.csv", "--out", "m", "--c", "abc"}).code, 2);
  const std::string bad = write_file("cli_bad.csv", "text,label\nfine,a\n\"broken,b\n");
  const CliRun r = run({"train", "classifier", "--data", bad, "--out", "/nonexistent/m"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("cli_bad.csv:3: unterminated quote"), std::string::npos) << r.err;
  const std::string nolabel = write_file("cli_nolabel.csv", "text,category\nhi,a\n");
  const CliRun missing = run({"train", "classifier", "--data", nolabel, "--out", "m"});
  EXPECT_EQ(missing.code, 1);
  EXPECT_NE(missing.err.find("missing column 'label'"), std::string::npos);
  const CliRun no_model = run({"eval", "classifier", "--model", "/nonexistent.bin", "--data", bad});
  EXPECT_EQ(no_model.code, 1);
  std::remove(bad.c_str());
  std::remove(nolabel.c_str());
}

}  // namespace
}  // namespace finchat::nlp

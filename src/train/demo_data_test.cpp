#include "train/demo_data.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace finchat::train {
namespace {

TEST(DemoData, EveryTemplateRestatesAllFactsAndNoOtherNumbers) {
  for (uint64_t seed = 1; seed <= 600; ++seed) {
    TaskCase c = make_fact_case(seed, -1);
    ASSERT_FALSE(c.prompt.empty());
    EXPECT_EQ(c.prompt[0].content.rfind("FACTS: ", 0), 0u);
    const AnswerCheck a = check_answer(c.expected, c);
    EXPECT_TRUE(a.all_facts) << c.expected;
    EXPECT_TRUE(a.no_extra_numbers) << c.expected;
    EXPECT_TRUE(a.exact);
    for (const auto& f : c.facts) {
      // " = value": after a space, as in the answer, so both tokenize the same way.
      EXPECT_NE(c.prompt[0].content.find(" = " + f), std::string::npos) << "not in FACTS: " << f;
    }
  }
}

TEST(DemoData, TokenizerCorpusSpacesCapitals) {
  EXPECT_EQ(spaced_capitals("QCCM is at 5.00 USD; RSI(14)"), "Q C C M is at 5.00 U S D; R S I(14)");
  EXPECT_EQ(spaced_capitals("Hello World"), "Hello World");
}

TEST(DemoData, SameSeedSameCase) {
  EXPECT_EQ(make_fact_case(99, 0).expected, make_fact_case(99, 0).expected);
  EXPECT_NE(make_fact_case(99, 0).expected, make_fact_case(100, 0).expected);
}

TEST(DemoData, CheckAnswerCatchesInventedNumbers) {
  TaskCase c = make_fact_case(5, 0);
  EXPECT_FALSE(check_answer(c.expected + " It may reach 999.99 soon.", c).no_extra_numbers);
  EXPECT_FALSE(check_answer("NOVA is up.", c).all_facts);
}

TEST(DemoData, GeneratesFilesDeterministically) {
  const auto root = std::filesystem::path(FINCHAT_SOURCE_DIR) / "data";
  if (!std::filesystem::exists(root / "faq/faq.jsonl")) GTEST_SKIP() << "no data/ folder";
  auto base =
      std::filesystem::temp_directory_path() / ("finchat_demo_" + std::to_string(::getpid()));
  DemoOptions o;
  o.data_dir = root.string();
  o.fact_examples = 300;
  o.valid_examples = 20;
  o.heldout_tasks = 10;
  o.out_dir = (base / "a").string();
  auto a = generate_demo_data(o);
  ASSERT_TRUE(a.ok()) << a.error().message;
  o.out_dir = (base / "b").string();
  ASSERT_TRUE(generate_demo_data(o).ok());
  auto slurp = [](const std::filesystem::path& p) {
    std::ifstream in(p);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  };
  EXPECT_EQ(slurp(base / "a/train.jsonl"), slurp(base / "b/train.jsonl"));
  EXPECT_GT(a->faq, 300);
  EXPECT_EQ(a->tasks, 10);
  auto tasks = read_task_cases((base / "a/heldout_tasks.jsonl").string());
  ASSERT_TRUE(tasks.ok());
  EXPECT_EQ(tasks->size(), 10u);
  std::filesystem::remove_all(base);
}

TEST(DemoData, MalformedFaqIsAnErrorNamingItsLine) {
  auto base =
      std::filesystem::temp_directory_path() / ("finchat_demo_bad_" + std::to_string(::getpid()));
  std::filesystem::create_directories(base / "faq");
  // A number where the question's text belongs: before, reading it threw out of the trainer.
  std::ofstream(base / "faq/faq.jsonl")
      << "{\"question\": \"How do I reset my password?\", \"answer\": \"Use the login page.\"}\n"
      << "{\"question\": 42, \"answer\": \"x\"}\n";
  DemoOptions o;
  o.data_dir = base.string();
  o.out_dir = (base / "out").string();
  auto r = generate_demo_data(o);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("faq.jsonl:2"), std::string::npos) << r.error().message;
  std::filesystem::remove_all(base);
}

}  // namespace
}  // namespace finchat::train

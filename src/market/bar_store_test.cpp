// Daily bars in the store and `ingest prices` semantics: corporate actions, file:line errors,
// nothing committed on error. Runs on SQLite, and PostgreSQL when FINCHAT_TEST_PG_URL is set.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "market/bar_store.hpp"
#include "market/csv_import.hpp"
#include "store/migrations.hpp"
#include "store/test_services.hpp"

namespace finchat::market {
namespace {

MarketCalendar calendar() { return MarketCalendar::create({}).value(); }

TEST(CorporateActions, SplitAndDividendAdjustEarlierBars) {
  const std::string csv =
      "date,open,high,low,close,volume,split,dividend\n"
      "2024-01-02,200,210,190,200,1000,,\n"
      "2024-01-03,200,200,200,200,1000,2:1,\n"
      "2024-01-04,100,100,100,100,1000,,\n"
      "2024-01-05,99,99,99,99,1000,,1\n"
      "2024-01-08,99,99,99,99,1000,,\n";
  auto bars = parse_ohlcv_csv(csv, calendar(), {}, "x.csv");
  ASSERT_TRUE(bars.ok()) << bars.error().message;
  ASSERT_EQ(bars->size(), 5u);
  const double div_factor = 1.0 - 1.0 / 100.0;  // $1 dividend on a $100 previous close
  EXPECT_NEAR((*bars)[0].close, 100 * div_factor, 1e-9);
  EXPECT_NEAR((*bars)[0].high, 105 * div_factor, 1e-9);
  EXPECT_NEAR((*bars)[0].volume, 2000 / div_factor, 1e-6);
  EXPECT_NEAR((*bars)[1].close, 200 * div_factor, 1e-9);  // ex-date of the split: unadjusted
  EXPECT_NEAR((*bars)[2].close, 100 * div_factor, 1e-9);
  EXPECT_DOUBLE_EQ((*bars)[3].close, 99);
  EXPECT_DOUBLE_EQ((*bars)[4].close, 99);
}

TEST(CorporateActions, ErrorsNameFileAndLine) {
  auto bad = parse_ohlcv_csv("date,open,high,low,close,volume,split\n2024-01-02,1,1,1,1,1,x\n",
                             calendar(), {}, "p.csv");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("p.csv:2"), std::string::npos) << bad.error().message;
  EXPECT_EQ(bad.error().field, "split");
  auto dup = parse_ohlcv_csv(
      "date,open,high,low,close,volume\n2024-01-02,1,1,1,1,1\n2024-01-02,1,1,1,1,1\n", calendar(),
      {}, "d.csv");
  ASSERT_FALSE(dup.ok());
  EXPECT_NE(dup.error().message.find("d.csv:3"), std::string::npos) << dup.error().message;
}

class BarStoreTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    auto db = store::open_database(GetParam(), 2);
    ASSERT_TRUE(db.ok()) << db.error().message;
    db_ = *db;
    ASSERT_TRUE(store::migrate(*db_).ok());
    ASSERT_TRUE(db_->exec("DELETE FROM market_daily_bars WHERE symbol IN ('TSTA', 'TSTB')").ok());
    dir_ = std::filesystem::temp_directory_path() / ("finchat-bars-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string write(const std::string& name, const std::string& text) {
    auto p = (dir_ / name).string();
    std::ofstream(p) << text;
    return p;
  }
  std::shared_ptr<store::Database> db_;
  std::filesystem::path dir_;
};

TEST_P(BarStoreTest, ImportReplacesHistoryAtomically) {
  DailyBarStore bars(db_);
  auto a = write("tsta.csv",
                 "Date,Open,High,Low,Close,Volume\n2024-01-03,11,12,10,11.5,500\n"
                 "2024-01-02,10,11,9,10.5,400\n");
  auto done = import_price_files(bars, {{a, ""}}, calendar());
  ASSERT_TRUE(done.ok()) << done.error().message;
  EXPECT_EQ((*done)[0].symbol, "TSTA");
  EXPECT_EQ((*done)[0].first, "2024-01-02");
  auto loaded = bars.load("TSTA", calendar());
  ASSERT_TRUE(loaded.ok());
  ASSERT_EQ(loaded->size(), 2u);
  EXPECT_DOUBLE_EQ((*loaded)[1].close, 11.5);
  EXPECT_EQ((*loaded)[1].start_ms, calendar().day_start_ms((*loaded)[1].session));

  // A second import where one file is bad: nothing changes, and the error names file:line.
  auto b = write("tstb.csv", "Date,Open,High,Low,Close,Volume\n2024-01-02,5,6,4,5,1\n");
  auto a2 =
      write("tsta2.csv",
            "Date,Open,High,Low,Close,Volume\n2024-01-02,20,21,19,20,1\n2024-01-03,x,1,1,1,1\n");
  auto failed = import_price_files(bars, {{b, ""}, {a2, "TSTA"}}, calendar());
  ASSERT_FALSE(failed.ok());
  EXPECT_NE(failed.error().message.find("tsta2.csv:3"), std::string::npos)
      << failed.error().message;
  EXPECT_TRUE(bars.load("TSTB", calendar())->empty());
  EXPECT_DOUBLE_EQ(bars.load("TSTA", calendar())->back().close, 11.5);

  ASSERT_TRUE(import_price_files(bars, {{b, ""}}, calendar()).ok());
  auto symbols = bars.symbols();
  ASSERT_TRUE(symbols.ok());
  EXPECT_NE(std::find(symbols->begin(), symbols->end(), "TSTB"), symbols->end());
}

TEST_P(BarStoreTest, RejectsANameThatIsNoSymbol) {
  DailyBarStore bars(db_);
  auto p = write("my prices.csv", "Date,Open,High,Low,Close,Volume\n2024-01-02,5,6,4,5,1\n");
  auto r = import_price_files(bars, {{p, ""}}, calendar());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().field, "symbol");
}

INSTANTIATE_TEST_SUITE_P(Backends, BarStoreTest,
                         ::testing::ValuesIn(store::testing::backend_urls()));

}  // namespace
}  // namespace finchat::market

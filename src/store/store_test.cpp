#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "core/ids.hpp"
#include "store/database.hpp"
#include "store/migrations.hpp"
#include "store/test_services.hpp"

namespace finchat::store {
namespace {

// The same repository suite runs on SQLite always and on PostgreSQL when
// FINCHAT_TEST_PG_URL is set (make test always sets it).
std::vector<std::string> backend_urls() { return testing::backend_urls(); }

class StoreTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    auto opened = open_database(GetParam(), 4);
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    db = opened.value();
    table = "t_" + new_uuid_v7().substr(24);  // unique per test: PG is shared
    ASSERT_TRUE(db->exec_script("CREATE TABLE " + table +
                                " (id TEXT PRIMARY KEY, n BIGINT, x DOUBLE PRECISION, note TEXT)")
                    .ok());
  }
  void TearDown() override {
    if (db) (void)db->exec_script("DROP TABLE IF EXISTS " + table);
  }
  std::shared_ptr<Database> db;
  std::string table;
};

TEST_P(StoreTest, InsertAndQueryTypedValues) {
  auto n = db->exec("INSERT INTO " + table + " (id, n, x, note) VALUES ($1, $2, $3, $4)",
                    {std::string("a"), int64_t{42}, 2.5, null()});
  ASSERT_TRUE(n.ok()) << n.error().message;
  EXPECT_EQ(*n, 1);
  auto rows =
      db->query("SELECT id, n, x, note FROM " + table + " WHERE id = $1", {std::string("a")});
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 1u);
  const Row& r = rows->front();
  EXPECT_EQ(r.str("id"), "a");
  EXPECT_EQ(r.i64("n"), 42);
  EXPECT_DOUBLE_EQ(r.f64("x"), 2.5);
  EXPECT_TRUE(r.is_null("note"));
}

TEST_P(StoreTest, DuplicateKeyIsConflict) {
  ASSERT_TRUE(db->exec("INSERT INTO " + table + " (id) VALUES ($1)", {std::string("k")}).ok());
  auto again = db->exec("INSERT INTO " + table + " (id) VALUES ($1)", {std::string("k")});
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().kind, ErrorKind::conflict);
}

TEST_P(StoreTest, UpsertAndReturning) {
  std::string sql =
      "INSERT INTO " + table +
      " (id, n) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET n = excluded.n RETURNING n";
  auto a = db->query(sql, {std::string("u"), int64_t{1}});
  auto b = db->query(sql, {std::string("u"), int64_t{2}});
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(b->front().i64(0), 2);
}

TEST_P(StoreTest, TransactionRollsBackOnError) {
  auto st = db->transaction([&](Session& s) -> Status {
    auto r = s.exec("INSERT INTO " + table + " (id) VALUES ($1)", {std::string("tx")});
    if (!r) return r.error();
    return Error::invalid("abort on purpose");
  });
  EXPECT_FALSE(st.ok());
  auto rows = db->query("SELECT COUNT(*) FROM " + table, {});
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(rows->front().i64(0), 0);
}

TEST_P(StoreTest, TransactionCommits) {
  auto st = db->transaction([&](Session& s) -> Status {
    for (int i = 0; i < 3; ++i) {
      auto r = s.exec("INSERT INTO " + table + " (id, n) VALUES ($1, $2)",
                      {std::to_string(i), int64_t{i}});
      if (!r) return r.error();
    }
    return {};
  });
  ASSERT_TRUE(st.ok()) << st.error().message;
  auto rows = db->query("SELECT SUM(n) FROM " + table, {});
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(rows->front().i64(0), 3);
}

TEST_P(StoreTest, BadSqlIsAnErrorNotACrash) {
  auto r = db->query("SELEC nonsense", {});
  EXPECT_FALSE(r.ok());
  EXPECT_TRUE(db->ping().ok()) << "the pool recovers after an error";
}

TEST_P(StoreTest, MigrationsApplyOnceAndRecordVersion) {
  std::string mt = table + "_m";
  std::vector<Migration> ms = {
      {990'001, "one", "CREATE TABLE " + mt + " (id TEXT PRIMARY KEY)"},
      {990'002, "two", "ALTER TABLE " + mt + " ADD COLUMN v BIGINT"},
  };
  // schema_migrations is shared with the real migrations of other tests running at the same
  // time: use versions of our own (never 1, 2…) and a private table name.
  (void)db->exec("DELETE FROM schema_migrations WHERE version IN (990001, 990002)", {});
  auto first = migrate(*db, ms);
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ(*first, 2);
  auto second = migrate(*db, ms);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(*second, 0);
  EXPECT_TRUE(
      db->exec("INSERT INTO " + mt + " (id, v) VALUES ($1, $2)", {std::string("x"), int64_t{1}})
          .ok());
  (void)db->exec_script("DROP TABLE " + mt);
  (void)db->exec("DELETE FROM schema_migrations WHERE version IN (990001, 990002)", {});
}

TEST_P(StoreTest, BrokenMigrationReportsVersion) {
  std::vector<Migration> ms = {{999'001, "broken", "CREATE TABLE ((("}};
  auto r = migrate(*db, ms);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("999001"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreTest, ::testing::ValuesIn(backend_urls()),
                         [](const auto& param_info) {
                           return param_info.param.rfind("sqlite", 0) == 0
                                      ? std::string("sqlite")
                                      : std::string("postgres");
                         });

TEST(StoreFileTest, SqliteFilePersistsAcrossOpens) {
  auto dir = std::filesystem::temp_directory_path() / ("finchat_store_" + new_uuid_v7());
  std::string url = "sqlite:" + (dir / "db.sqlite").string();
  {
    auto db = open_database(url, 2);
    ASSERT_TRUE(db.ok()) << db.error().message;
    auto applied = migrate(**db);
    ASSERT_TRUE(applied.ok()) << applied.error().message;
    EXPECT_GT(*applied, 0);
  }
  {
    auto db = open_database(url, 2);
    ASSERT_TRUE(db.ok());
    auto v = current_version(**db);
    ASSERT_TRUE(v.ok());
    EXPECT_EQ(*v, latest_version());
  }
  std::filesystem::remove_all(dir);
}

TEST(StoreFileTest, UnsupportedUrlRejected) {
  auto db = open_database("mysql://x", 1);
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.error().field, "db.url");
}

}  // namespace
}  // namespace finchat::store

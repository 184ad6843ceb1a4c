// The PostgreSQL backend survives a real server restart under load: writes in flight
// while the server goes down are retried on fresh connections, and every write the
// backend acknowledged is in the database afterwards. The test starts its own cluster
// (scripts/test-services.sh), because restarting the shared one would disturb other tests.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "store/database.hpp"
#include "store/test_services.hpp"

namespace finchat::store {
namespace {

namespace fs = std::filesystem;

std::map<std::string, std::string> read_env_file(const fs::path& path) {
  std::map<std::string, std::string> env;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("export ", 0) == 0) line = line.substr(7);
    auto eq = line.find('=');
    if (eq != std::string::npos) env[line.substr(0, eq)] = line.substr(eq + 1);
  }
  return env;
}

class OwnCluster {
 public:
  OwnCluster()
      : dir_(fs::temp_directory_path() / ("finchat-pgrestart-" + std::to_string(getpid()))) {
    ok_ = run("start") == 0;
    if (ok_) url_ = read_env_file(dir_ / "env")["FINCHAT_TEST_PG_URL"];
  }
  ~OwnCluster() { (void)run("stop"); }
  int run(const std::string& verb) const {
    std::string cmd = "bash '" + std::string(FINCHAT_SOURCE_DIR) + "/scripts/test-services.sh' " +
                      verb + " '" + dir_.string() + "' >/dev/null 2>&1";
    return std::system(cmd.c_str());
  }
  bool ok() const { return ok_ && !url_.empty(); }
  const std::string& url() const { return url_; }

 private:
  fs::path dir_;
  bool ok_ = false;
  std::string url_;
};

std::string server_start_time(Database& db) {
  auto row = db.query_one("SELECT CAST(pg_postmaster_start_time() AS TEXT)");
  return (row.ok() && row->has_value()) ? (*row)->str(0) : "";
}

TEST(PostgresRestartTest, AcknowledgedWritesSurviveARestartUnderLoad) {
  // The shared cluster's presence says PostgreSQL is installed and usable here.
  if (!testing::service_url("FINCHAT_TEST_PG_URL")) GTEST_SKIP() << "no PostgreSQL here";
  OwnCluster cluster;
  ASSERT_TRUE(cluster.ok()) << "could not start a private PostgreSQL cluster";
  auto opened = open_database(cluster.url(), 4);
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  auto db = opened.value();
  ASSERT_TRUE(db->exec_script("CREATE TABLE acked (id BIGINT PRIMARY KEY)").ok());
  const std::string started_before = server_start_time(*db);

  std::atomic<bool> stop{false};
  std::atomic<int64_t> next_id{0};
  std::mutex mu;
  std::set<int64_t> acknowledged;
  std::vector<std::string> failures;
  auto writer = [&] {
    while (!stop) {
      int64_t id = next_id++;
      auto r = db->exec("INSERT INTO acked (id) VALUES ($1)", {id});
      std::lock_guard lock(mu);
      if (r.ok()) {
        acknowledged.insert(id);
      } else if (r.error().message.find("outcome unknown") == std::string::npos) {
        // Only a commit cut off mid-flight may fail (it says its outcome is unknown).
        failures.push_back(r.error().message);
      }
    }
  };
  std::vector<std::thread> writers;
  writers.reserve(4);
  for (int i = 0; i < 4; ++i) writers.emplace_back(writer);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  const size_t before_restart = [&] {
    std::lock_guard l(mu);
    return acknowledged.size();
  }();
  ASSERT_EQ(cluster.run("restart-pg"), 0) << "pg_ctl restart failed";
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  stop = true;
  for (auto& t : writers) t.join();

  EXPECT_GT(before_restart, 0U) << "writes were flowing before the restart";
  EXPECT_NE(server_start_time(*db), started_before) << "the server really restarted";
  EXPECT_TRUE(failures.empty()) << failures.size() << " writes failed, first: "
                                << (failures.empty() ? "" : failures.front());
  EXPECT_GT(acknowledged.size(), before_restart) << "writes resumed after the restart";
  auto rows = db->query("SELECT id FROM acked");
  ASSERT_TRUE(rows.ok()) << rows.error().message;
  std::set<int64_t> stored;
  for (const auto& row : *rows) stored.insert(row.i64(0));
  for (int64_t id : acknowledged) {
    ASSERT_TRUE(stored.count(id)) << "acknowledged write " << id << " was lost";
  }
}

}  // namespace
}  // namespace finchat::store

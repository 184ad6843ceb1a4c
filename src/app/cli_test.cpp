#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "app/commands.hpp"
#include "core/ids.hpp"

namespace finchat::app {
namespace {

int run(const Args& args, std::string& out, std::string& err) {
  std::ostringstream o, e;
  int rc = run_cli(args, o, e);
  out = o.str();
  err = e.str();
  return rc;
}

TEST(CliTest, VersionAndUnknownCommand) {
  std::string out, err;
  EXPECT_EQ(run({"version"}, out, err), 0);
  EXPECT_NE(out.find("finchat "), std::string::npos);
  EXPECT_EQ(run({"frobnicate"}, out, err), 2);
  EXPECT_NE(err.find("unknown command 'frobnicate'"), std::string::npos);
}

TEST(CliTest, ConfigPrintMasksSecretsAndAppliesFlags) {
  std::string out, err;
  ASSERT_EQ(run({"config", "print", "--http-port", "9123", "--db.url",
                 "postgresql://u:supersecretpw@h/db"},
                out, err),
            0)
      << err;
  EXPECT_NE(out.find("http.port = 9123"), std::string::npos);
  EXPECT_EQ(out.find("supersecretpw"), std::string::npos);
}

TEST(CliTest, BadConfigFileNamesFileAndLine) {
  auto path = std::filesystem::temp_directory_path() / ("finchat_" + new_uuid_v7() + ".yaml");
  std::ofstream(path) << "http:\n  port: 80\n  portt: 81\n";
  std::string out, err;
  EXPECT_EQ(run({"config", "print", "--config", path.string()}, out, err), 2);
  EXPECT_NE(err.find(path.string() + ":3"), std::string::npos) << err;
  EXPECT_NE(err.find("http.portt"), std::string::npos);
  std::filesystem::remove(path);
}

TEST(CliTest, DbMigrateOnFreshSqlite) {
  auto dir = std::filesystem::temp_directory_path() / ("finchat_" + new_uuid_v7());
  std::string out, err;
  Args args = {"db",
               "migrate",
               "--db.url",
               "sqlite:" + (dir / "f.db").string(),
               "--data_dir",
               dir.string(),
               "--security.data_key_file",
               (dir / "keys").string()};
  ASSERT_EQ(run(args, out, err), 0) << err;
  EXPECT_NE(out.find("applied"), std::string::npos);
  ASSERT_EQ(run(args, out, err), 0);
  EXPECT_NE(out.find("applied 0"), std::string::npos);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace finchat::app

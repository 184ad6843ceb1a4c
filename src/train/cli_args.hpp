#pragma once
// Minimal --key value / --flag parser for the finchat-train subcommands.
#include <map>
#include <string>
#include <vector>

namespace finchat::train {

class Args {
 public:
  Args(int argc, char** argv, int first) {
    for (int i = first; i < argc; ++i) {
      std::string a = argv[i];
      if (a.rfind("--", 0) != 0) {
        positional_.push_back(a);
        continue;
      }
      a = a.substr(2);
      if (auto eq = a.find('='); eq != std::string::npos) {
        kv_[a.substr(0, eq)].push_back(a.substr(eq + 1));
      } else if (i + 1 < argc && std::string(argv[i + 1]).rfind("--", 0) != 0) {
        kv_[a].push_back(argv[++i]);
      } else {
        kv_[a].push_back("true");
      }
    }
  }
  bool has(const std::string& k) const { return kv_.count(k) > 0; }
  std::string get(const std::string& k, const std::string& fallback = {}) const {
    auto it = kv_.find(k);
    return it == kv_.end() ? fallback : it->second.back();
  }
  std::vector<std::string> all(const std::string& k) const {
    auto it = kv_.find(k);
    return it == kv_.end() ? std::vector<std::string>{} : it->second;
  }
  int get_int(const std::string& k, int fallback) const {
    return has(k) ? std::stoi(get(k)) : fallback;
  }
  double get_double(const std::string& k, double fallback) const {
    return has(k) ? std::stod(get(k)) : fallback;
  }
  const std::vector<std::string>& positional() const { return positional_; }

 private:
  std::map<std::string, std::vector<std::string>> kv_;
  std::vector<std::string> positional_;
};

}  // namespace finchat::train

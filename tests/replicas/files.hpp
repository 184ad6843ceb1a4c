#pragma once
// Small file and shell helpers shared by the replica harness.
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

namespace finchat::replicas {

inline std::string read_text(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline void write_text(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::trunc);
  out << text;
}

// Runs a shell command, discarding its output; true on exit status 0.
inline bool run_quietly(const std::string& command) {
  return std::system((command + " >/dev/null 2>&1").c_str()) == 0;
}

}  // namespace finchat::replicas

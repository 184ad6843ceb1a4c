// Stand-alone entry point: finchat_llm_cli model info FILE, bench llm --model FILE, ...
#include <iostream>

#include "llm/cli.hpp"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  return finchat::llm::run_llm_cli(args, std::cout, std::cerr);
}

// Stand-alone retrieval CLI ("eval faq", "ingest kb"), the same code `finchat` runs, without
// linking the whole application (quick release builds for retrieval experiments).
#include <iostream>
#include <string>
#include <vector>

#include "retrieval/eval.hpp"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  return finchat::retrieval::run_retrieval_cli(args, std::cout, std::cerr);
}

// Stand-alone front end: `nlp_cli train classifier ...` (the product wires the same function
// into `finchat train classifier`).
#include <iostream>

#include "nlp/cli.hpp"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  return finchat::nlp::run_classifier_cli(args, std::cout, std::cerr);
}

#include <iostream>

#include "app/commands.hpp"

int main(int argc, char** argv) {
  finchat::app::Args args(argv + 1, argv + argc);
  try {
    return finchat::app::run_cli(args, std::cout, std::cerr);
  } catch (const std::exception& e) {
    std::cerr << "finchat: fatal: " << e.what() << "\n";
    return 1;
  }
}

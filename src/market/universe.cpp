#include "market/simulator.hpp"

namespace finchat::market {

// Fictional names and tickers; the numbers only shape the simulation.
std::vector<InstrumentSpec> default_universe() {
  auto stock = [](const char* sym, const char* name, const char* sector, double price, double vol,
                  double beta, double loading, double adv) {
    return InstrumentSpec{sym, name, sector, "", price, vol, beta, loading, 0.06, adv, false};
  };
  auto index = [](const char* sym, const char* name, const char* factor, double price, double vol,
                  double beta, double loading) {
    return InstrumentSpec{sym, name, "Index", factor, price, vol, beta, loading, 0.06, 5e7, true};
  };
  return {
      stock("NOVA", "Nova Systems Inc.", "Technology", 182.40, 0.32, 1.20, 0.70, 3.1e7),
      stock("QBIT", "Qubitline Software", "Technology", 96.15, 0.42, 1.35, 0.80, 1.2e7),
      stock("HALO", "Halo Semiconductor", "Technology", 241.70, 0.45, 1.45, 0.90, 1.8e7),
      stock("CRWV", "Cirrowave Networks", "Technology", 58.30, 0.36, 1.15, 0.70, 9.0e6),
      stock("PXFG", "Pixelforge Media", "Technology", 33.85, 0.40, 1.10, 0.60, 7.5e6),
      stock("NWBK", "Northwind Bank", "Financials", 47.20, 0.25, 1.05, 0.90, 1.5e7),
      stock("LDGR", "Ledgerstone Capital", "Financials", 128.90, 0.27, 1.15, 0.90, 6.0e6),
      stock("ORCH", "Orchard Mutual Insurance", "Financials", 74.10, 0.21, 0.80, 0.70, 4.0e6),
      stock("BRKT", "Bracket Payments", "Financials", 211.35, 0.30, 1.20, 0.60, 8.0e6),
      stock("VITA", "Vitalis Therapeutics", "Health Care", 64.55, 0.38, 0.85, 0.70, 6.5e6),
      stock("MDSN", "Medisona Devices", "Health Care", 156.80, 0.24, 0.80, 0.70, 3.5e6),
      stock("GNMX", "Genomix Labs", "Health Care", 22.40, 0.48, 1.05, 0.80, 1.1e7),
      stock("CLRH", "Clearharbor Health", "Health Care", 310.25, 0.22, 0.75, 0.60, 2.5e6),
      stock("SOLR", "Solarion Power", "Energy", 41.60, 0.40, 1.10, 1.00, 9.5e6),
      stock("PTRX", "Petrex Energy", "Energy", 88.95, 0.30, 0.90, 1.10, 1.2e7),
      stock("WNDL", "Windale Renewables", "Energy", 19.75, 0.44, 1.05, 1.00, 8.0e6),
      stock("BRWS", "Brewster & Sons Beverages", "Consumer", 59.40, 0.19, 0.65, 0.60, 5.5e6),
      stock("LUMA", "Luma Apparel", "Consumer", 37.20, 0.33, 1.10, 0.80, 6.0e6),
      stock("GRCR", "Greencart Grocers", "Consumer", 52.65, 0.20, 0.60, 0.70, 7.0e6),
      stock("WYFR", "Wayfarer Travel", "Consumer", 71.30, 0.36, 1.25, 0.80, 5.0e6),
      stock("FORG", "Forgeline Industrial", "Industrials", 143.10, 0.26, 1.05, 0.80, 3.0e6),
      stock("AERL", "Aerolux Aviation", "Industrials", 98.45, 0.31, 1.20, 0.80, 4.5e6),
      stock("IRVR", "Ironvale Rail", "Industrials", 205.60, 0.23, 0.95, 0.80, 2.0e6),
      stock("CSTN", "Cornerstone Builders", "Industrials", 66.70, 0.29, 1.15, 0.90, 3.5e6),
      stock("UNGD", "Unity Grid Utilities", "Utilities", 54.30, 0.17, 0.45, 0.70, 4.0e6),
      stock("HYDR", "Hydrelle Water", "Utilities", 81.90, 0.16, 0.40, 0.70, 2.0e6),
      stock("ALMR", "Alumina Ridge Metals", "Materials", 44.15, 0.34, 1.15, 1.00, 6.0e6),
      stock("CHMX", "Chemix Materials", "Materials", 119.50, 0.27, 1.00, 0.90, 2.5e6),
      stock("ARBR", "Arbor Towers REIT", "Real Estate", 92.80, 0.23, 0.85, 0.90, 3.0e6),
      index("IDX30", "Finchat Composite 30 Index (simulated)", "", 4850.00, 0.17, 1.00, 0.0),
      index("IDXTECH", "Finchat Technology Index (simulated)", "Technology", 1920.00, 0.24, 1.20,
            0.60),
      index("IDXFIN", "Finchat Financials Index (simulated)", "Financials", 760.00, 0.21, 1.05,
            0.70),
  };
}

}  // namespace finchat::market

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
      stock("NOVA", "Novatek Systems Inc.", "Technology", 182.40, 0.32, 1.20, 0.70, 3.1e7),
      stock("QBIT", "Qubitron Corp.", "Technology", 96.15, 0.42, 1.35, 0.80, 1.2e7),
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
      stock("SOLR", "Solarix Power Inc.", "Energy", 41.60, 0.40, 1.10, 1.00, 9.5e6),
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
      // The rest of the demo companies of data/companies/demo_companies.json, so every company
      // the knowledge graph knows also trades.
      stock("CLDX", "Cloudex Software Inc.", "Technology", 241.66, 0.36, 1.26, 0.75, 8.1e6),
      stock("VRNT", "Verant Data Corp.", "Technology", 62.69, 0.37, 1.27, 0.75, 8.7e6),
      stock("LUMO", "Lumen Optics Inc.", "Technology", 40.78, 0.39, 1.32, 0.75, 5.9e6),
      stock("MDXA", "Medixa Therapeutics", "Health Care", 185.81, 0.30, 0.90, 0.70, 2.5e6),
      stock("CRVL", "Corvale Health Inc.", "Health Care", 176.25, 0.41, 0.93, 0.70, 10.0e6),
      stock("GNHX", "Genhelix Biosciences", "Health Care", 145.87, 0.31, 0.77, 0.70, 2.8e6),
      stock("PLSM", "Plasmira Devices", "Health Care", 25.28, 0.31, 0.81, 0.70, 8.0e6),
      stock("BRKL", "Brickline Bancorp", "Financials", 143.63, 0.25, 1.12, 0.85, 10.3e6),
      stock("ARGN", "Argentum Capital Group", "Financials", 128.67, 0.26, 1.08, 0.85, 5.6e6),
      stock("SFPY", "Safepay Networks", "Financials", 221.33, 0.30, 1.15, 0.85, 11.2e6),
      stock("PTRV", "Petrova Energy Corp.", "Energy", 87.95, 0.35, 0.95, 1.00, 2.9e6),
      stock("WNDR", "Windara Renewables", "Energy", 222.87, 0.40, 0.98, 1.00, 7.0e6),
      stock("KSTL", "Kestrel Motors Inc.", "Consumer", 18.13, 0.32, 1.02, 0.70, 4.7e6),
      stock("BRSA", "Brisa Apparel", "Consumer", 255.25, 0.32, 0.94, 0.70, 7.2e6),
      stock("FNWK", "Fernwick Home Goods", "Consumer", 206.40, 0.24, 0.97, 0.70, 5.5e6),
      stock("TRVL", "Travolio Inc.", "Consumer", 251.31, 0.24, 0.92, 0.70, 11.9e6),
      stock("GRNR", "Granaria Foods", "Consumer", 42.45, 0.24, 0.90, 0.70, 2.8e6),
      stock("BRWL", "Brewland Beverages", "Consumer", 153.35, 0.30, 0.89, 0.70, 7.8e6),
      stock("HLWL", "Hollowell Aerospace", "Industrials", 49.69, 0.25, 1.10, 0.80, 10.4e6),
      stock("RLTR", "Railtra Logistics", "Industrials", 69.51, 0.24, 1.03, 0.80, 5.5e6),
      stock("FRGX", "Forgex Machinery", "Industrials", 91.60, 0.32, 1.11, 0.80, 13.5e6),
      stock("CPRM", "Cuprum Mining Corp.", "Materials", 224.76, 0.29, 1.08, 0.95, 10.3e6),
      stock("PLYM", "Polymera Chemicals", "Materials", 69.60, 0.27, 1.21, 0.95, 5.4e6),
      stock("VOLT", "Voltaris Utilities", "Utilities", 89.71, 0.19, 0.43, 0.70, 3.0e6),
      stock("AQVD", "Aquaverde Water Co.", "Utilities", 76.81, 0.15, 0.46, 0.70, 9.8e6),
      stock("SGNL", "Signalis Communications", "Communication Services", 250.11, 0.29, 0.99, 0.70,
            8.3e6),
      stock("STRM", "Streamora Media", "Communication Services", 62.24, 0.32, 1.07, 0.70, 4.0e6),
      stock("CRST", "Cornerstead Realty Trust", "Real Estate", 78.38, 0.27, 0.90, 0.90, 4.5e6),
      index("IDX30", "Finchat Composite 30 Index (simulated)", "", 4850.00, 0.17, 1.00, 0.0),
      index("IDXTECH", "Finchat Technology Index (simulated)", "Technology", 1920.00, 0.24, 1.20,
            0.60),
      index("IDXFIN", "Finchat Financials Index (simulated)", "Financials", 760.00, 0.21, 1.05,
            0.70),
  };
}

}  // namespace finchat::market

// Shapes of the finchat HTTP API (see web/README.md for the contract).

export interface TokenResponse {
  access_token: string;
  token_type: string;
  expires_in: number;
  refresh_token: string;
}

export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  instance?: string;
}

export interface Me {
  id: string;
  username: string;
  role: string;
}

export interface ConversationSummary {
  id: string;
  title: string;
  created_at: string;
  updated_at: string;
}

export interface Fact {
  name: string;
  value: string | number;
  unit?: string;
  as_of?: string;
  source?: string;
}

export interface SeriesPoint {
  t: number;
  c: number;
}

export interface QuoteCard {
  type: 'quote';
  symbol: string;
  name: string;
  price: number;
  change: number;
  change_pct: number;
  currency: string;
  as_of: string;
  source: string;
  simulated?: boolean;
  series?: SeriesPoint[];
}

export interface TableCard {
  type: 'table';
  title?: string;
  columns: string[];
  rows: Array<Array<string | number | null>>;
}

export type Card = QuoteCard | TableCard;

export type Citation =
  | { kind: 'article'; id: string; title: string }
  | { kind: 'data'; source: string; as_of?: string }
  | { kind: 'graph'; fact: string; source?: string };

export interface Escalation {
  ticket_id: string;
  number?: string;
  queue?: string;
  reason?: string;
  sla_due?: string;
}

export interface Message {
  id: string;
  role: 'user' | 'assistant';
  content: string;
  facts?: Fact[];
  citations?: Citation[];
  card?: Card | null;
  suggestions?: string[];
  escalation?: Escalation | null;
  disclaimer?: string | null;
  created_at?: string;
}

export interface Conversation {
  id: string;
  title: string;
  messages: Message[];
}

/** Non-streaming reply of POST /v1/conversations/{id}/messages. */
export interface SendResponse {
  message: Message;
  facts?: Fact[];
  citations?: Citation[];
  suggestions?: string[];
  escalation?: Escalation | null;
  disclaimer?: string | null;
  card?: Card | null;
}

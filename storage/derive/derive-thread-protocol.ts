/**
 * What the derivation thread and the thread that writes say to each other: the settings it
 * starts with, the messages it posts, and the shared counters both wait on (the writer blocks on
 * them synchronously, so reindex and import keep their synchronous API).
 */
import type { MessagePort } from 'node:worker_threads';
import type { DerivedChunk } from './derived-cells.ts';

export interface DeriveThreadSettings {
  /** The recording; the thread opens it read-only and reads what the writer committed. */
  readonly path: string;
  /** Exchanges to derive, in derivation order. */
  readonly ids: readonly number[];
  readonly chunkSize: number;
  /**
   * Every session's href index starts empty instead of being read from the file: a rebuild, whose
   * writer clears the derived rows while this thread starts (it reads no derived row but hrefs).
   */
  readonly freshIndexes: boolean;
  /** `SLOT_COUNT` Int32 slots (see below). */
  readonly signal: SharedArrayBuffer;
  readonly port: MessagePort;
  /** Tests only: the thread exits, as a crash would, when it reaches this exchange. */
  readonly exitAtExchangeId?: number;
}

export type DeriveThreadMessage =
  /** A piece of a chunk; `to`: how many of `ids` are derived with it; `commit`: the chunk's last piece, so write the chunk. */
  | { readonly type: 'piece'; readonly to: number; readonly piece: DerivedChunk; readonly commit: boolean }
  | { readonly type: 'done' }
  | { readonly type: 'failed'; readonly position: number; readonly reason: string };

/** Messages posted so far (and bumped when the thread exits): what the writer waits on. */
export const SLOT_POSTED = 0;
/** Pieces the writer has committed: what the thread waits on when it is `MAX_CHUNKS_AHEAD` chunks ahead. */
export const SLOT_APPLIED = 1;
/** The position in `ids` the thread is deriving, -1 before the first. */
export const SLOT_CURRENT = 2;
/** 1 once the thread has exited, whatever the reason. */
export const SLOT_EXITED = 3;
/** 1 once the thread's boot has run (and armed the exit mark). */
export const SLOT_STARTED = 4;
export const SLOT_COUNT = 5;

/** How long the writer waits for a thread whose boot never ran before deriving alone. */
export const START_TIMEOUT_MS = 60_000;

/** How far derivation may run ahead of the commits: bounds the memory chunks waiting to be written hold. */
export const MAX_CHUNKS_AHEAD = 4;

/**
 * Exchanges per message: the thread posts a chunk in pieces, so that what it derived leaves its
 * heap soon instead of being copied by every young collection until the whole chunk is done. A
 * 100,000-exchange decode here: collections took 1.6 s with pieces of 250, 2.8 s with 2,000.
 */
export const PIECE_SIZE = 250;

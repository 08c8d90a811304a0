/**
 * The record stage of a tailed file: line formats ({@code raw}, {@code json}, {@code cri}, {@code docker}),
 * UTF-8 repair, CRI/Docker partial-line joining, and {@link dev.logshipper.parse.RecordAssembler}, the
 * {@link dev.logshipper.record.LineHandler} that drives the multiline joiners and accounts for every byte
 * range through the file's {@link dev.logshipper.record.OffsetTracker}. Entry point for wiring:
 * {@link dev.logshipper.parse.RecordAssemblerFactory}; counters: {@link dev.logshipper.parse.RecordStageListener}.
 */
package dev.logshipper.parse;

/**
 * CloudWatch Logs names: the rules a log group or stream name must follow ({@link dev.logshipper.names.CloudWatchNames})
 * and the templates names are rendered from ({@link dev.logshipper.names.NameTemplate}). Below both the configuration,
 * which checks the templates when it is loaded, and the enrich stage, which renders them per file.
 */
package dev.logshipper.names;

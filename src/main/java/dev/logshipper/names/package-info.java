/**
 * CloudWatch Logs names: the rules a log group or stream name must follow ({@link dev.logshipper.names.CloudWatchNames})
 * and the templates names are rendered from ({@link dev.logshipper.names.NameTemplate}). Below both the configuration,
 * which checks the templates when it is loaded, and the enrich stage, which renders them per file. The {@code add}
 * filter's field values use the same templates, without the name rules.
 */
package dev.logshipper.names;

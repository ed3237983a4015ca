package dev.keel.platform;

import java.util.List;

/**
 * A module's part of {@code copy-sample}: what of its data goes into a scaled-down copy
 * of the deployment, read and written with the module's own SQL. Each module declares one
 * bean; the command finds them all.
 */
public interface SampleCopier {

	/** The module's name: the first word of its progress lines. */
	String module();

	/**
	 * The tables holding the module's data, which must all be empty on the target before
	 * anything is copied (a table that exists only on some databases may be named: one
	 * missing on the target counts as empty).
	 */
	List<String> tables();

	/**
	 * Copies the module's part of the sample. The reads see one snapshot of the source,
	 * taken for the whole copy; the writes are one transaction on the target, committed
	 * when every module is done.
	 */
	void copy(Sample sample);

}

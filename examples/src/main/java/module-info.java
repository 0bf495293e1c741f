/**
 * The example and regression TAs (optee_examples' UUIDs, the xtest mirrors, the seed TA), run by
 * {@code jtee demo} and the suites. The list under {@code provides} is the same as
 * {@code META-INF/services/dev.jtee.ta.TrustedApplication}, which the class path reads.
 */
@SuppressWarnings("module") // qualified exports name modules built later in the reactor
module dev.jtee.examples {
    requires transitive dev.jtee.ta;

    exports dev.jtee.examples to dev.jtee.cli;
    exports dev.jtee.examples.seed to dev.jtee.cli;
    exports dev.jtee.examples.xtest to dev.jtee.cli;

    provides dev.jtee.ta.TrustedApplication with
            dev.jtee.examples.HelloWorldTa,
            dev.jtee.examples.RandomTa,
            dev.jtee.examples.xtest.OsTestTa,
            dev.jtee.examples.xtest.SimsTa,
            dev.jtee.examples.xtest.MissTa,
            dev.jtee.examples.xtest.SimsKeepAliveTa,
            dev.jtee.examples.xtest.SimsKeepCrashedTa,
            dev.jtee.examples.xtest.ConcurrentTa,
            dev.jtee.examples.xtest.CreateFailTa,
            dev.jtee.examples.seed.SeedTa,
            dev.jtee.examples.profile.RecursionTa,
            dev.jtee.examples.profile.AllocationTa,
            dev.jtee.examples.AesTa,
            dev.jtee.examples.SecureStorageTa,
            dev.jtee.examples.AcipherTa,
            dev.jtee.examples.HotpTa,
            dev.jtee.examples.ShaTa,
            dev.jtee.examples.EcdsaTa,
            dev.jtee.examples.EcdhTa,
            dev.jtee.examples.SignVerifyTa,
            dev.jtee.examples.xtest.CryptTa,
            dev.jtee.examples.xtest.StorageTa,
            dev.jtee.examples.xtest.Storage2Ta,
            dev.jtee.examples.seed.JournalTa;
}

/** The secure-storage and crypto engine behind the TA API; only the secure world uses it. */
@SuppressWarnings("module") // qualified exports name modules built later in the reactor
module dev.jtee.storage {
    requires transitive dev.jtee.ta;
    requires java.sql;
    requires org.xerial.sqlitejdbc;
    requires org.bouncycastle.provider;

    exports dev.jtee.storage to dev.jtee.core;
}

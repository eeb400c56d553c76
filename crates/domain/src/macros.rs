//! One macro for the closed vocabularies of the domain (kinds, roles, states, ...): each
//! gets a stable snake_case name used in storage and rule-set files, and a Vietnamese
//! label for people.

/// `name_enum!(Type { Variant = ("snake_name", "Nhãn tiếng Việt"), ... })`
macro_rules! name_enum {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = ($code:literal, $label:literal)),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        #[cfg_attr(feature = "sea-orm", derive(sea_orm::DeriveValueType), sea_orm(value_type = "String"))]
        pub enum $name {
            $($(#[$vdoc])* #[serde(rename = $code)] $variant,)+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable name used in storage and in rule-set files.
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code,)+ }
            }

            /// The Vietnamese legal term, for people.
            pub fn label_vi(self) -> &'static str {
                match self { $($name::$variant => $label,)+ }
            }

            /// Parses the stable name; `None` when it is not one of ours.
            pub fn from_code(code: &str) -> Option<Self> {
                match code { $($code => Some($name::$variant),)+ _ => None }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.code())
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::error::UnknownCode;
            fn from_str(code: &str) -> Result<Self, Self::Err> {
                Self::from_code(code).ok_or_else(|| $crate::error::UnknownCode {
                    vocabulary: stringify!($name),
                    code: code.to_owned(),
                })
            }
        }
    };
}

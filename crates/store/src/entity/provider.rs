use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "provider")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub center_id: Uuid,
    pub name: String,
    pub kind: String,
    pub card_number: Option<String>,
    pub active: bool,
}

impl ActiveModelBehavior for ActiveModel {}
